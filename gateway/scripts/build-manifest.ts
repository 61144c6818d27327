/**
 * Builds gateway/persisted-operations.json (Apollo persisted query manifest) from the trusted
 * operation documents: the partner operations in gateway/operations/** and the admin console's
 * operations (admin-web/src/graphql/generated/persisted-documents.json, written by the console's
 * GraphQL codegen with each body's SHA-256). Every operation is validated against the
 * supergraph's API schema, so a manifest can never contain an operation the graph cannot run.
 * `--check` fails when the committed manifest is out of date.
 *   pnpm --filter @badge/gateway persisted:build | persisted:check
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { Kind, parse, print, validate, type OperationDefinitionNode } from 'graphql';
import {
  MANIFEST_PATH,
  operationId,
  type PersistedOperation,
  type PersistedQueryManifest,
} from '../src/persisted/manifest.js';

const OPERATIONS_DIR = new URL('../operations/', import.meta.url).pathname;
const SUPERGRAPH = new URL('../supergraph.graphql', import.meta.url);
const CONSOLE_DOCUMENTS = new URL(
  '../../admin-web/src/graphql/generated/persisted-documents.json',
  import.meta.url,
);

interface TrustedDocument {
  source: string;
  body: string;
  /** The id the client sends; must equal the SHA-256 of `body` (console codegen computes it). */
  claimedId?: string;
}

function trustedDocuments(): TrustedDocument[] {
  const partner = files(OPERATIONS_DIR).map((file) => ({
    source: file,
    body: readFileSync(file, 'utf8'),
  }));
  const consoleOperations = Object.entries(
    JSON.parse(readFileSync(CONSOLE_DOCUMENTS, 'utf8')) as Record<string, string>,
  ).map(([hash, body]) => ({
    source: `admin-web console operation ${hash}`,
    body,
    claimedId: hash.replace(/^sha256:/, ''),
  }));
  return [...partner, ...consoleOperations];
}

const files = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : name.endsWith('.graphql') ? [path] : [];
    });

export function buildManifest(): PersistedQueryManifest {
  const apiSchema = Supergraph.build(readFileSync(SUPERGRAPH, 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  const operations: PersistedOperation[] = [];
  for (const { source: file, body: text, claimedId } of trustedDocuments()) {
    const document = parse(text);
    const errors = validate(apiSchema, document);
    if (errors.length) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
    const ops = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    if (ops.length !== 1 || !ops[0]!.name)
      throw new Error(`${file}: exactly one named operation per file`);
    // One operation per file, with the fragments it uses, printed canonically: the id is the
    // SHA-256 of exactly this body. Console documents keep codegen's body, whose hash the console
    // already carries.
    const body = claimedId === undefined ? print(document) : text;
    if (claimedId !== undefined && operationId(body) !== claimedId)
      throw new Error(`${file}: the hash does not match the body; re-run the console's codegen`);
    operations.push({
      id: operationId(body),
      name: ops[0]!.name.value,
      type: ops[0]!.operation,
      body,
    });
  }
  const names = operations.map((o) => o.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`operation name ${duplicate} is used twice`);
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

const isMain = import.meta.url === new URL(process.argv[1] ?? '', 'file://').href;
if (isMain) {
  const text = `${JSON.stringify(buildManifest(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(MANIFEST_PATH, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (committed !== text) {
      console.error(
        'gateway/persisted-operations.json is out of date: run `pnpm --filter @badge/gateway persisted:build` and commit it.',
      );
      process.exit(1);
    }
    console.log('persisted-operations.json is up to date');
  } else {
    writeFileSync(MANIFEST_PATH, text);
    console.log(`wrote ${MANIFEST_PATH.pathname}`);
  }
}
