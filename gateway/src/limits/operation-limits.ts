import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface OperationLimits {
  /** Deepest field nesting, fragments expanded. */
  maxDepth: number;
  /** Aliased fields in the whole document. */
  maxAliases: number;
  /**
   * Cost: every field costs 1, and a field with a `first`/`limit` argument multiplies the cost of
   * its selection by that page size (variables count as the default page size).
   */
  maxCost: number;
}

const PAGE_ARGS = new Set(['first', 'last', 'limit']);
const DEFAULT_PAGE = 50;

interface Measure {
  depth: number;
  cost: number;
  aliases: number;
}

function measure(
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  let aliases = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) aliases += 1;
      let page = 1;
      for (const arg of selection.arguments ?? []) {
        if (!PAGE_ARGS.has(arg.name.value)) continue;
        page = arg.value.kind === Kind.INT ? Math.max(1, Number(arg.value.value)) : DEFAULT_PAGE;
      }
      const inner = selection.selectionSet
        ? measure(selection.selectionSet, fragments, visiting)
        : { depth: 0, cost: 0, aliases: 0 };
      depth = Math.max(depth, 1 + inner.depth);
      cost += 1 + page * inner.cost;
      aliases += inner.aliases;
    } else {
      const inner =
        selection.kind === Kind.INLINE_FRAGMENT
          ? measure(selection.selectionSet, fragments, visiting)
          : spread(selection.name.value, fragments, visiting);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
      aliases += inner.aliases;
    }
  }
  return { depth, cost, aliases };
}

function spread(
  name: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): Measure {
  const fragment = fragments.get(name);
  // Unknown or cyclic fragments are reported by the standard rules; count them as nothing here.
  if (!fragment || visiting.has(name)) return { depth: 0, cost: 0, aliases: 0 };
  visiting.add(name);
  const m = measure(fragment.selectionSet, fragments, visiting);
  visiting.delete(name);
  return m;
}

/**
 * A validation rule that refuses operations that are too deep, too aliased or too expensive
 * before anything is planned or sent to a subgraph (DESIGN.md §5).
 */
export function createOperationLimitsRule(limits: OperationLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const m = measure(definition.selectionSet, fragments, new Set());
        const report = (what: string, value: number, max: number) =>
          context.reportError(
            new GraphQLError(`operation ${what} ${value} exceeds the limit of ${max}`, {
              nodes: [definition],
              extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: what, value, max },
            }),
          );
        if (m.depth > limits.maxDepth) report('depth', m.depth, limits.maxDepth);
        if (m.aliases > limits.maxAliases) report('aliases', m.aliases, limits.maxAliases);
        if (m.cost > limits.maxCost) report('cost', m.cost, limits.maxCost);
      }
      return false;
    },
  });
}
