// Fails when src/gen does not match the .proto files (someone edited a contract without running
// `pnpm --filter @badge/proto generate`, or edited generated code by hand), or when the contracts
// break buf's lint rules.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUF = join(ROOT, 'node_modules', '.bin', 'buf');
const out = mkdtempSync(join(tmpdir(), 'badge-proto-gen-'));

function files(dir: string): Map<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return new Map(
    entries.map((e) => {
      const path = join(e.parentPath, e.name);
      return [relative(dir, path), readFileSync(path, 'utf8')] as const;
    }),
  );
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('generated code', () => {
  it('src/gen is up to date with the .proto files', () => {
    execFileSync(BUF, ['generate', '--output', out], { cwd: ROOT, stdio: 'pipe', timeout: 20_000 });
    const fresh = files(join(out, 'src', 'gen'));
    const committed = files(join(ROOT, 'src', 'gen'));
    expect(fresh.size).toBeGreaterThan(0);
    expect(
      [...committed.keys()].sort(),
      'file list differs: run `pnpm --filter @badge/proto generate`',
    ).toEqual([...fresh.keys()].sort());
    for (const [path, text] of fresh) {
      expect(
        committed.get(path) === text,
        `${path} is stale: run \`pnpm --filter @badge/proto generate\``,
      ).toBe(true);
    }
  });

  it('the contracts pass buf lint', () => {
    expect(() =>
      execFileSync(BUF, ['lint'], { cwd: ROOT, stdio: 'pipe', timeout: 20_000 }),
    ).not.toThrow();
  });
});
