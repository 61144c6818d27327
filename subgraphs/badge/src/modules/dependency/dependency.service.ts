import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, hasPermission, type Identity } from '@badge/service-kit';
import { auditOf } from '../../shared/audit.js';
import {
  ZPageArgs,
  ZTimeIdKey,
  decodeCursor,
  toConnection,
  type Connection,
} from '../../shared/pagination.js';
import { ZId, ZUserId, parseInput } from '../../shared/validation.js';
import { findCycle } from './dependency-graph.js';
import type {
  CascadeAction,
  CascadeLogRow,
  CascadeResult,
  DependencyGroupRow,
  DependencyRepository,
} from './dependency.repository.js';

export interface BadgeDependencyDto {
  id: string;
  requiredBadgeId: string;
  requiredQuantity: number;
  consumesPrerequisite: boolean;
  revokeBehavior: 'KEEP' | 'CASCADE';
}

export interface BadgeDependencyGroupDto {
  id: string;
  badgeId: string;
  operator: 'AND' | 'OR';
  name: string | null;
  displayOrder: number;
  items: BadgeDependencyDto[];
}

export interface CascadeLogDto {
  id: string;
  userId: string;
  action: CascadeAction;
  triggerBadgeId: string;
  triggerUserBadgeId: string | null;
  targetBadgeId: string;
  resultUserBadgeId: string | null;
  result: CascadeResult;
  depth: number;
  consumed: string | null;
  reason: string | null;
  createdAt: string;
}

const toGroupDto = (row: DependencyGroupRow): BadgeDependencyGroupDto => ({
  id: row.id,
  badgeId: row.badgeId,
  operator: row.operator,
  name: row.name,
  displayOrder: row.displayOrder,
  items: row.items.map((i) => ({
    id: i.id,
    requiredBadgeId: i.requiredBadgeId,
    requiredQuantity: i.requiredQuantity,
    consumesPrerequisite: i.consumesPrerequisite,
    revokeBehavior: i.revokeBehavior,
  })),
});

const toCascadeDto = (row: CascadeLogRow): CascadeLogDto => ({
  ...row,
  consumed:
    row.consumed === null || row.consumed === undefined ? null : JSON.stringify(row.consumed),
  createdAt: row.createdAt.toISOString(),
});

const MAX_GROUPS = 20;
const MAX_ITEMS = 20;

const ZSetDependenciesInput = z
  .object({
    badgeId: ZId,
    groups: z
      .array(
        z
          .object({
            operator: z.enum(['AND', 'OR']),
            name: z.string().trim().max(100).nullish(),
            items: z
              .array(
                z
                  .object({
                    requiredBadgeId: ZId,
                    requiredQuantity: z.number().int().min(1).max(1000).nullish(),
                    consumesPrerequisite: z.boolean().nullish(),
                    revokeBehavior: z.enum(['KEEP', 'CASCADE']).nullish(),
                  })
                  .strict(),
              )
              .min(1, 'a group needs at least one prerequisite')
              .max(MAX_ITEMS),
          })
          .strict(),
      )
      .max(MAX_GROUPS),
  })
  .strict()
  .superRefine((v, ctx) => {
    v.groups.forEach((g, gi) => {
      const seen = new Set<string>();
      g.items.forEach((i, ii) => {
        if (i.requiredBadgeId === v.badgeId)
          ctx.addIssue({
            code: 'custom',
            path: ['groups', gi, 'items', ii, 'requiredBadgeId'],
            message: 'a badge cannot require itself',
          });
        if (seen.has(i.requiredBadgeId))
          ctx.addIssue({
            code: 'custom',
            path: ['groups', gi, 'items', ii, 'requiredBadgeId'],
            message: 'the same prerequisite appears twice in this group',
          });
        seen.add(i.requiredBadgeId);
      });
    });
  });

const ZCascadeArgs = ZPageArgs.extend({
  userId: ZUserId.nullish(),
  badgeId: ZId.nullish(),
  result: z.enum(['SUCCESS', 'SKIPPED', 'FAILED']).nullish(),
});

/** Prerequisites of badges (AND/OR groups), with cycle detection on save, and the cascade log. */
export function createDependencyService(repository: DependencyRepository) {
  return {
    async groupsOfBadges(badgeIds: readonly string[]): Promise<BadgeDependencyGroupDto[][]> {
      const rows = await repository.groupsOf(badgeIds);
      return badgeIds.map((id) => rows.filter((r) => r.badgeId === id).map(toGroupDto));
    },

    /** Badges requiring each of `badgeIds`; non-admins see only published, non-hidden ones. */
    async dependentIdsOf(identity: Identity, badgeIds: readonly string[]): Promise<string[][]> {
      const edges = await repository.dependentsOf(badgeIds);
      let visible: Set<string> | undefined;
      if (
        !hasPermission(identity, 'badge:badge:read') &&
        !hasPermission(identity, 'badge:dependency:read')
      ) {
        const refs = await repository.findBadgeRefs([...new Set(edges.map((e) => e.badgeId))]);
        visible = new Set(
          refs.filter((r) => r.status === 'PUBLISHED' && !r.isHiddenUntilEarned).map((r) => r.id),
        );
      }
      return badgeIds.map((id) =>
        edges
          .filter((e) => e.requiredBadgeId === id && (!visible || visible.has(e.badgeId)))
          .map((e) => e.badgeId),
      );
    },

    /**
     * Replaces a badge's prerequisites. Refused: unknown or archived badges, self-dependency,
     * duplicates inside a group, and any save that would close a cycle (BAD_USER_INPUT with
     * `details.reason = DEPENDENCY_CYCLE` and the cycle as badge codes).
     */
    async setDependencies(identity: Identity, input: unknown): Promise<BadgeDependencyGroupDto[]> {
      const v = parseInput(ZSetDependenciesInput, input, 'dependencies');
      const required = [...new Set(v.groups.flatMap((g) => g.items.map((i) => i.requiredBadgeId)))];
      const refs = new Map(
        (await repository.findBadgeRefs([v.badgeId, ...required])).map((r) => [r.id, r]),
      );
      const badge = refs.get(v.badgeId);
      if (!badge) throw new AppError('NOT_FOUND', 'badge not found', { id: v.badgeId });
      if (badge.status === 'ARCHIVED')
        throw new AppError('INVALID_STATE', 'an archived badge cannot be edited', {
          reason: 'ARCHIVED',
        });
      const missing = required.filter((id) => !refs.has(id));
      if (missing.length)
        throw new AppError('NOT_FOUND', 'some prerequisites do not exist', { missing });
      const archived = required.filter((id) => refs.get(id)?.status === 'ARCHIVED');
      if (archived.length)
        throw new AppError('BAD_USER_INPUT', 'archived badges cannot be prerequisites', {
          archived: archived.map((id) => refs.get(id)?.code),
        });

      const result = await repository.replaceDependencies(
        v.badgeId,
        v.groups.map((g, gi) => ({
          id: randomUUID(),
          operator: g.operator,
          name: g.name ?? null,
          displayOrder: gi,
          items: g.items.map((i) => ({
            id: randomUUID(),
            requiredBadgeId: i.requiredBadgeId,
            requiredQuantity: i.requiredQuantity ?? 1,
            consumesPrerequisite: i.consumesPrerequisite ?? false,
            revokeBehavior: i.revokeBehavior ?? 'KEEP',
          })),
        })),
        (graph) => findCycle(graph, v.badgeId),
        auditOf(identity, { module: 'badge', action: 'dependency.update', targetType: 'Badge' }),
      );
      if ('cycle' in result) {
        const codes = new Map(
          (await repository.findBadgeRefs(result.cycle)).map((r) => [r.id, r.code]),
        );
        const path = result.cycle.map((id) => codes.get(id) ?? id);
        throw new AppError('BAD_USER_INPUT', `dependency cycle: ${path.join(' → ')}`, {
          reason: 'DEPENDENCY_CYCLE',
          cycle: path,
        });
      }
      return result.groups.map(toGroupDto);
    },

    async cascadeLogs(args: unknown): Promise<Connection<CascadeLogDto>> {
      const v = parseInput(ZCascadeArgs, args, 'cascade log filter');
      const query = {
        ...(v.userId ? { userId: v.userId } : {}),
        ...(v.badgeId ? { badgeId: v.badgeId } : {}),
        ...(v.result ? { result: v.result } : {}),
      };
      const after = decodeCursor(v.after, ZTimeIdKey);
      const rows = await repository.listCascadeLogs({
        ...query,
        ...(after ? { after } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        toCascadeDto,
        (r) => [r.createdAt.toISOString(), r.id],
        () => repository.countCascadeLogs({ ...query, take: 0 }),
      );
    },
  };
}
export type DependencyService = ReturnType<typeof createDependencyService>;
