import { describe, expect, it } from 'vitest';
import {
  areDependenciesSatisfied,
  consumptionPlan,
  findCycle,
  type DependencyGroup,
} from './dependency-graph.js';

const graph = (edges: [string, string[]][]) => new Map(edges.map(([k, v]) => [k, new Set(v)]));
const item = (requiredBadgeId: string, extra: Partial<DependencyGroup['items'][number]> = {}) => ({
  requiredBadgeId,
  requiredQuantity: 1,
  consumesPrerequisite: false,
  revokeBehavior: 'KEEP' as const,
  ...extra,
});

describe('findCycle', () => {
  it('finds a cycle through the saved badge and returns its path', () => {
    expect(
      findCycle(
        graph([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
        'a',
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
  });

  it('accepts diamonds and chains (no cycle)', () => {
    const g = graph([
      ['d', ['b', 'c']],
      ['b', ['a']],
      ['c', ['a']],
    ]);
    expect(findCycle(g, 'd')).toBeNull();
  });

  it('ignores cycles that do not go through the saved badge', () => {
    expect(
      findCycle(
        graph([
          ['x', ['y']],
          ['y', ['z']],
          ['z', ['y']],
        ]),
        'x',
      ),
    ).toBeNull();
  });

  it('handles deep chains without recursion limits', () => {
    const edges: [string, string[]][] = [];
    for (let i = 0; i < 50_000; i++) edges.push([`n${i}`, [`n${i + 1}`]]);
    edges.push(['n50000', ['n0']]);
    expect(findCycle(graph(edges), 'n0')?.length).toBe(50_002);
  });
});

describe('dependency satisfaction', () => {
  const aAndBorC: DependencyGroup[] = [
    { operator: 'AND', items: [item('a', { consumesPrerequisite: true })] },
    {
      operator: 'OR',
      items: [item('b'), item('c', { consumesPrerequisite: true, requiredQuantity: 2 })],
    },
  ];

  it('needs every group: A and (B or C)', () => {
    expect(areDependenciesSatisfied(aAndBorC, new Map([['a', 1]]))).toBe(false);
    expect(
      areDependenciesSatisfied(
        aAndBorC,
        new Map([
          ['a', 1],
          ['b', 1],
        ]),
      ),
    ).toBe(true);
    expect(
      areDependenciesSatisfied(
        aAndBorC,
        new Map([
          ['a', 1],
          ['c', 1],
        ]),
      ),
    ).toBe(false);
    expect(
      areDependenciesSatisfied(
        aAndBorC,
        new Map([
          ['a', 1],
          ['c', 2],
        ]),
      ),
    ).toBe(true);
    expect(areDependenciesSatisfied([], new Map())).toBe(true);
  });

  it('consumes marked AND items and the first held OR item when marked', () => {
    expect(
      consumptionPlan(
        aAndBorC,
        new Map([
          ['a', 1],
          ['b', 1],
        ]),
      ),
    ).toEqual(new Map([['a', 1]]));
    expect(
      consumptionPlan(
        aAndBorC,
        new Map([
          ['a', 1],
          ['c', 2],
        ]),
      ),
    ).toEqual(
      new Map([
        ['a', 1],
        ['c', 2],
      ]),
    );
  });
});
