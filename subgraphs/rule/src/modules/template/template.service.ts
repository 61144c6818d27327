import { AppError, toLocalizedText, type LocalizedTextDto } from '@badge/service-kit';
import type { TemplateRepository, TemplateRow } from './template.repository.js';

export interface RuleTemplateParameterDto {
  name: string;
  type: 'INT' | 'DECIMAL' | 'DURATION' | 'STRING' | 'ENUM';
  required: boolean;
  label: LocalizedTextDto;
  description: LocalizedTextDto | null;
  min: number | null;
  max: number | null;
  values: string[] | null;
  defaultValue: string | null;
}

export interface RuleTemplateDto {
  id: string;
  code: string;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  parameters: RuleTemplateParameterDto[];
  defaultEventTypes: string[];
  isSystem: boolean;
  isEnabled: boolean;
}

function parameters(row: TemplateRow): RuleTemplateParameterDto[] {
  const schema = row.parameterSchema;
  if (!schema || schema.version !== 1 || !Array.isArray(schema.params)) {
    throw new AppError('INTERNAL', `rule template ${row.code} has an unsupported parameter schema`);
  }
  return schema.params.map((p) => ({
    name: p.name,
    type: p.type.toUpperCase() as RuleTemplateParameterDto['type'],
    required: p.required,
    label: toLocalizedText(p.label) ?? { zhCN: p.name, enUS: p.name },
    description: toLocalizedText(p.description),
    min: p.min ?? null,
    max: p.max ?? null,
    values: p.values ?? null,
    defaultValue: p.default === undefined ? null : String(p.default),
  }));
}

const toDto = (row: TemplateRow): RuleTemplateDto => ({
  id: row.id,
  code: row.code,
  name: toLocalizedText(row.name) ?? { zhCN: row.code, enUS: row.code },
  description: toLocalizedText(row.description),
  parameters: parameters(row),
  defaultEventTypes: row.defaultEventTypes,
  isSystem: row.isSystem,
  isEnabled: row.isEnabled,
});

export function createTemplateService(repository: TemplateRepository) {
  return {
    async list(includeDisabled: boolean): Promise<RuleTemplateDto[]> {
      return (await repository.list({ includeDisabled })).map(toDto);
    },
    async byCodes(codes: readonly string[]): Promise<(RuleTemplateDto | null)[]> {
      const rows = new Map((await repository.findByCodes(codes)).map((r) => [r.code, toDto(r)]));
      return codes.map((code) => rows.get(code) ?? null);
    },
    async byIds(ids: readonly string[]): Promise<(RuleTemplateDto | null)[]> {
      const rows = new Map((await repository.findByIds(ids)).map((r) => [r.id, toDto(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },
  };
}
export type TemplateService = ReturnType<typeof createTemplateService>;
