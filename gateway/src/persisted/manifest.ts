import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { AppError } from '@badge/service-kit';

/** Apollo's persisted query manifest format (what Rover/GraphOS and Apollo clients use). */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

export const MANIFEST_PATH = new URL('../../persisted-operations.json', import.meta.url);

export const operationId = (body: string) => createHash('sha256').update(body).digest('hex');

export function loadManifest(
  path: URL | string = MANIFEST_PATH,
): ReadonlyMap<string, PersistedOperation> {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PersistedQueryManifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
    throw new Error(`unsupported persisted query manifest format in ${String(path)}`);
  }
  return new Map(manifest.operations.map((op) => [op.id, op]));
}

/** The persisted operation a request was resolved to (set by the body transform). */
const resolved = new WeakMap<IncomingMessage, PersistedOperation>();
export const persistedOperationOf = (req: IncomingMessage) => resolved.get(req);

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } };
}

/**
 * Resolves `extensions.persistedQuery.sha256Hash` against the trusted manifest: the stored body
 * replaces whatever document the client sent. An unknown id is refused here with a clear error.
 * There is no automatic registration (APQ): only documents in the manifest ever run by id.
 */
export function createPersistedQueryTransform(manifest: ReadonlyMap<string, PersistedOperation>) {
  return (body: unknown, req: IncomingMessage): unknown => {
    if (!body || typeof body !== 'object') return body;
    const request = body as GraphQLBody;
    const hash = request.extensions?.persistedQuery?.sha256Hash;
    if (hash === undefined) return body;
    if (typeof hash !== 'string')
      throw new AppError('BAD_USER_INPUT', 'persistedQuery.sha256Hash must be a string');
    const operation = manifest.get(hash);
    if (!operation) {
      throw new AppError(
        'PERSISTED_QUERY_NOT_FOUND',
        `unknown persisted operation ${hash}: only operations in the trusted manifest can be run by id`,
      );
    }
    resolved.set(req, operation);
    const { extensions: _ignored, ...rest } = request;
    return { ...rest, query: operation.body, operationName: operation.name };
  };
}
