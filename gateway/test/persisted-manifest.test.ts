import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../src/persisted/manifest.js';

const CONSOLE_DOCUMENTS = new URL(
  '../../admin-web/src/graphql/generated/persisted-documents.json',
  import.meta.url,
);

// The committed manifest (what the gateway loads; `persisted:check` keeps it equal to a fresh
// build) against the console's codegen output.
describe('trusted operation manifest', () => {
  const operations = [...loadManifest().values()];

  it("holds every admin console operation under the hash the console sends, with codegen's body", () => {
    const consoleDocuments = JSON.parse(readFileSync(CONSOLE_DOCUMENTS, 'utf8')) as Record<
      string,
      string
    >;
    expect(Object.keys(consoleDocuments).length).toBeGreaterThan(50);
    const byId = new Map(operations.map((op) => [op.id, op]));
    for (const [hash, body] of Object.entries(consoleDocuments)) {
      const id = hash.replace(/^sha256:/, '');
      expect(byId.get(id)?.body).toBe(body);
      expect(createHash('sha256').update(body).digest('hex')).toBe(id);
    }
  });

  it('keeps the partner operations and names every operation once', () => {
    const names = operations.map((op) => op.name);
    expect(names).toContain('PartnerBadges');
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('Console')).length).toBeGreaterThan(50);
  });
});
