import type { PrismaClient, RuleParameterDefinition, RuleTemplateParameterSchema } from '@badge/db';

export type { RuleParameterDefinition };

export interface TemplateRow {
  id: string;
  code: string;
  name: unknown;
  description: unknown;
  /** The stored JSON, typed by its contract; the service checks the version. */
  parameterSchema: Partial<RuleTemplateParameterSchema> | null;
  defaultEventTypes: string[];
  isSystem: boolean;
  isEnabled: boolean;
}

const toRow = <R extends Omit<TemplateRow, 'parameterSchema'> & { parameterSchema: unknown }>(
  row: R,
): TemplateRow => ({
  ...row,
  parameterSchema: row.parameterSchema as Partial<RuleTemplateParameterSchema> | null,
});

export function createTemplateRepository(prisma: PrismaClient) {
  return {
    list(options: { includeDisabled: boolean }): Promise<TemplateRow[]> {
      return prisma.ruleTemplate
        .findMany({
          where: options.includeDisabled ? {} : { isEnabled: true },
          orderBy: [{ displayOrder: 'asc' }, { code: 'asc' }],
        })
        .then((rows) => rows.map(toRow));
    },
    findByCodes(codes: readonly string[]): Promise<TemplateRow[]> {
      return prisma.ruleTemplate
        .findMany({ where: { code: { in: [...codes] } } })
        .then((rows) => rows.map(toRow));
    },
    findByIds(ids: readonly string[]): Promise<TemplateRow[]> {
      return prisma.ruleTemplate
        .findMany({ where: { id: { in: [...ids] } } })
        .then((rows) => rows.map(toRow));
    },
  };
}
export type TemplateRepository = ReturnType<typeof createTemplateRepository>;
