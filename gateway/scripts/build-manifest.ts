/**
 * Builds gateway/persisted-operations.json (Apollo persisted query manifest) from the trusted
 * operation documents in gateway/operations/** (partner operations; console operations join them
 * as the console grows). Every operation is validated against the supergraph's API schema, so a
 * manifest can never contain an operation the graph cannot run. `--check` fails when the committed
 * manifest is out of date.   pnpm --filter @badge/gateway persisted:build | persisted:check
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
  for (const file of files(OPERATIONS_DIR)) {
    const document = parse(readFileSync(file, 'utf8'));
    const errors = validate(apiSchema, document);
    if (errors.length) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
    const ops = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    if (ops.length !== 1 || !ops[0]!.name)
      throw new Error(`${file}: exactly one named operation per file`);
    // One operation per file, with the fragments it uses, printed canonically: the id is the
    // SHA-256 of exactly this body.
    const body = print(document);
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
