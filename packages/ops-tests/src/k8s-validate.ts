/**
 * Validates rendered manifests against the Kubernetes API schemas, offline, two ways:
 *
 *  1. JSON Schema: `kubernetes-models` (and `@kubernetes-models/prometheus-operator` for the
 *     monitoring CRDs) ships the OpenAPI schemas of every kind as compiled ajv validators: types,
 *     required fields, enums and formats. They accept unknown fields, though.
 *  2. Unknown fields (what `kubectl apply --validate=strict` refuses): every manifest becomes a
 *     typed object literal checked by the TypeScript compiler against the same models' interfaces,
 *     whose excess-property check reports any field the API does not define.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { K8sObject } from './helm.js';

const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Module of the kubernetes-models class for an apiVersion/kind. */
export function modelModule(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

export interface SchemaProblem {
  object: string;
  message: string;
}

const label = (o: K8sObject) => `${o.kind}/${o.metadata?.name ?? '?'}`;

interface ValidatableModel {
  validate(): void;
}
type ModelConstructor = new (data: unknown) => ValidatableModel;

/** JSON-schema validation of each object (types, required fields, enums, formats). */
export async function validateSchemas(objects: readonly K8sObject[]): Promise<SchemaProblem[]> {
  const problems: SchemaProblem[] = [];
  for (const object of objects) {
    let Model: ModelConstructor;
    try {
      const mod = (await import(modelModule(object.apiVersion, object.kind))) as Record<
        string,
        ModelConstructor
      >;
      Model = mod[object.kind]!;
    } catch {
      problems.push({ object: label(object), message: `no schema for ${object.apiVersion}` });
      continue;
    }
    try {
      new Model(object).validate();
    } catch (err) {
      const e = err as { message: string; errors?: { instancePath: string; message?: string }[] };
      const details = e.errors?.map((x) => `${x.instancePath} ${x.message ?? ''}`).join('; ');
      problems.push({ object: label(object), message: details ?? e.message });
    }
  }
  return problems;
}

/** Fields the Kubernetes API does not know (excess properties), found by the TypeScript compiler. */
export function findUnknownFields(objects: readonly K8sObject[]): SchemaProblem[] {
  const dir = join(PACKAGE_DIR, 'node_modules/.cache/k8s-typecheck');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `manifests-${process.pid}-${Date.now()}.ts`);
  const chunks = ['export {};'];
  const starts: { line: number; object: string }[] = [];
  let line = 1;
  objects.forEach((object, i) => {
    const module = modelModule(object.apiVersion, object.kind);
    const chunk = `export const m${i}: import('${module}').I${object.kind} = ${JSON.stringify(object, null, 1)};`;
    starts.push({ line, object: label(object) });
    chunks.push(chunk);
    line += chunk.split('\n').length;
  });
  writeFileSync(file, chunks.join('\n'));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    types: [],
  });
  const source = program.getSourceFile(file)!;
  const diagnostics = [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ];
  rmSync(file, { force: true });
  return diagnostics.map((d) => {
    const at = source.getLineAndCharacterOfPosition(d.start ?? 0).line;
    let owner = '?';
    for (const s of starts) if (s.line <= at) owner = s.object;
    return { object: owner, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
}
