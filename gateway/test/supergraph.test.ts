import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/compose.js';

describe('supergraph', () => {
  it('composes from the subgraphs and matches the committed gateway/supergraph.graphql', () => {
    const committed = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
    expect(composeSupergraph()).toBe(committed);
  });

  it('keeps gateway-internal fields out of the public API', () => {
    expect(readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8')).toMatch(
      /adminAccess\(.*\): AdminAccess! @inaccessible/,
    );
  });
});
