/**
 * Pure dependency-graph logic, shared by the dependency module (cycle detection on save) and the
 * grant service (are a user's prerequisites met? what does a grant consume?).
 */

export type Operator = 'AND' | 'OR';
export type RevokeBehavior = 'KEEP' | 'CASCADE';

export interface DependencyItem {
  requiredBadgeId: string;
  requiredQuantity: number;
  consumesPrerequisite: boolean;
  revokeBehavior: RevokeBehavior;
}

export interface DependencyGroup {
  operator: Operator;
  items: readonly DependencyItem[];
}

/** Edges "badge → badges it requires". */
export type RequirementGraph = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * A path `start → … → start` when `start` (with its new requirements already in `graph`) lies on
 * a cycle, else null. Iterative DFS: graphs of any depth, no recursion limit.
 */
export function findCycle(graph: RequirementGraph, start: string): string[] | null {
  const parent = new Map<string, string>();
  const seen = new Set<string>([start]);
  const stack: string[] = [start];
  while (stack.length) {
    const node = stack.pop()!;
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const back: string[] = [];
        for (
          let at: string | undefined = node;
          at !== undefined && at !== start;
          at = parent.get(at)
        )
          back.push(at);
        return [start, ...back.reverse(), start];
      }
      if (!seen.has(next)) {
        seen.add(next);
        parent.set(next, node);
        stack.push(next);
      }
    }
  }
  return null;
}

const held = (item: DependencyItem, active: ReadonlyMap<string, number>) =>
  (active.get(item.requiredBadgeId) ?? 0) >= item.requiredQuantity;

/** A group is met when ALL (AND) or ANY (OR) of its items are held; an empty group is met. */
export function isGroupSatisfied(
  group: DependencyGroup,
  active: ReadonlyMap<string, number>,
): boolean {
  if (group.items.length === 0) return true;
  return group.operator === 'AND'
    ? group.items.every((i) => held(i, active))
    : group.items.some((i) => held(i, active));
}

/** A badge's prerequisites are met when every group is (no groups: nothing to meet). */
export const areDependenciesSatisfied = (
  groups: readonly DependencyGroup[],
  active: ReadonlyMap<string, number>,
): boolean => groups.every((g) => isGroupSatisfied(g, active));

/**
 * What a grant consumes when its prerequisites are met: for an AND group every item marked
 * `consumesPrerequisite`; for an OR group the first held item, if it is marked. Quantities of the
 * same badge add up.
 */
export function consumptionPlan(
  groups: readonly DependencyGroup[],
  active: ReadonlyMap<string, number>,
): Map<string, number> {
  const plan = new Map<string, number>();
  const add = (item: DependencyItem) =>
    plan.set(item.requiredBadgeId, (plan.get(item.requiredBadgeId) ?? 0) + item.requiredQuantity);
  for (const group of groups) {
    if (group.operator === 'AND') group.items.filter((i) => i.consumesPrerequisite).forEach(add);
    else {
      const first = group.items.find((i) => held(i, active));
      if (first?.consumesPrerequisite) add(first);
    }
  }
  return plan;
}
