// Copies non-TypeScript assets that modules load at run time (e.g. *.graphql) from src/ to dist/,
// keeping the folder structure, so `node dist/server.js` finds them next to the compiled code.
// Usage (from a package): node ../../scripts/copy-assets.mjs .graphql [.json …]
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const extensions = process.argv.slice(2);
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (extensions.some((ext) => name.endsWith(ext)))
      cpSync(path, path.replace(/^src/, 'dist'));
  }
};
walk('src');
