/**
 * First-load JavaScript per route of the last `next build` (Turbopack does not print it): the
 * framework's root chunks plus every chunk the route's layouts and page load, raw and gzipped.
 *   pnpm --filter @badge/admin-web run build && pnpm --filter @badge/admin-web run sizes
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

const NEXT_DIR = new URL('../.next/', import.meta.url).pathname;

interface ClientManifest {
  entryJSFiles?: Record<string, string[]>;
}

const manifests = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifests(path);
    return name === 'page_client-reference-manifest.js' ? [path] : [];
  });

const root = (
  JSON.parse(readFileSync(join(NEXT_DIR, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  }
).rootMainFiles;

const sizeOf = new Map<string, { raw: number; gzip: number }>();
function size(file: string) {
  let known = sizeOf.get(file);
  if (!known) {
    const bytes = readFileSync(join(NEXT_DIR, file));
    known = { raw: bytes.length, gzip: gzipSync(bytes).length };
    sizeOf.set(file, known);
  }
  return known;
}

const rows = manifests(join(NEXT_DIR, 'server/app'))
  .map((file) => {
    const sandbox: { globalThis: { __RSC_MANIFEST?: Record<string, ClientManifest> } } = {
      globalThis: {},
    };
    runInNewContext(readFileSync(file, 'utf8'), sandbox);
    const [key, manifest] = Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {})[0] ?? [];
    const files = new Set([...root, ...Object.values(manifest?.entryJSFiles ?? {}).flat()]);
    const total = [...files].reduce(
      (sum, f) => {
        const s = size(f);
        return { raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip };
      },
      { raw: 0, gzip: 0 },
    );
    const route =
      (key ?? relative(NEXT_DIR, file))
        .replace(/\/page$/, '')
        .replace(/\/\([^)]+\)/g, '')
        .replace(/^$/, '/') || '/';
    return { route, files: files.size, ...total };
  })
  .filter((r) => !r.route.startsWith('/_'))
  .sort((a, b) => a.route.localeCompare(b.route));

const kb = (n: number) => (n / 1024).toFixed(1);
console.log('| route | chunks | first-load JS (KiB) | gzipped (KiB) |');
console.log('| --- | --: | --: | --: |');
for (const r of rows) console.log(`| \`${r.route}\` | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} |`);
