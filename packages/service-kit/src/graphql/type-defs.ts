import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/**
 * The Federation 2 header every subgraph schema starts with. Module `.graphql` files contain only
 * their types; `subgraphTypeDefs` joins them under this one header, so the server and the
 * supergraph composition (gateway/scripts/compose.ts) build the exact same SDL.
 */
export const FEDERATION_LINK = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])
`;

/**
 * Value types every subgraph shares (identical everywhere, hence @shareable). Their fields are
 * allowed by shield: access is decided by the field that returns them.
 */
export const SHARED_TYPES = `
"A text in each supported locale."
type LocalizedText @shareable {
  zhCN: String
  enUS: String
}
`;
export const SHARED_TYPE_NAMES = ['LocalizedText'] as const;

export function subgraphTypeDefs(sdls: readonly string[]): DocumentNode {
  return parse([FEDERATION_LINK, SHARED_TYPES, ...sdls].join('\n'));
}

/** All `*.graphql` files below a folder (sorted, so the SDL is stable). */
export function readGraphQLFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...readGraphQLFiles(path));
    else if (name.endsWith('.graphql')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}
