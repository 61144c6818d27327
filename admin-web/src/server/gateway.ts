import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { readSessionToken } from '../auth/server-token';
import persistedDocuments from '../graphql/generated/persisted-documents.json';
import { getEnvironment } from '../environment';
import { getLogger } from './logger';
import { getMetrics } from './metrics';

/** A GraphQL error from the gateway (typed by `extensions.code`) or a transport failure. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
}

const TIMEOUT_MS = 15_000;

/** Operation names by hash, for metrics and logs (the documents themselves carry only the hash). */
const OPERATION_NAMES = new Map(
  Object.entries(persistedDocuments as Record<string, string>).map(([hash, body]) => [
    hash.replace(/^sha256:/, ''),
    /^(?:query|mutation)\s+(\w+)/.exec(body)?.[1] ?? 'unknown',
  ]),
);

/** The SHA-256 codegen stored in a persisted document (`replaceDocumentWithHash` mode). */
function hashOf(document: TypedDocumentNode<unknown, unknown>): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('not a persisted console document: run the console codegen');
  return hash.replace(/^sha256:/, '');
}

/**
 * Runs one of the console's persisted operations at the gateway with the signed-in admin's access
 * token. Server-side only: tokens never reach the browser, and the console sends the trusted
 * operation's hash, never a query text. Throws GatewayError on any GraphQL error.
 */
export async function gatewayRequest<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const token = await readSessionToken();
  if (!token?.accessToken || token.error) {
    throw new GatewayError('UNAUTHENTICATED', 'the console session has no valid access token');
  }
  const operation = hashOf(document as TypedDocumentNode<unknown, unknown>);
  const started = performance.now();
  let outcome = 'ok';
  try {
    let response: Response;
    try {
      response = await fetch(getEnvironment().GATEWAY_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token.accessToken}`,
          'apollo-require-preflight': 'true',
        },
        body: JSON.stringify({
          variables: variables ?? {},
          extensions: { persistedQuery: { version: 1, sha256Hash: operation } },
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        cache: 'no-store',
      });
    } catch (err) {
      outcome = 'unavailable';
      getLogger('gateway').error({ err }, 'gateway unreachable');
      throw new GatewayError('DEPENDENCY_UNAVAILABLE', 'the gateway is not reachable');
    }
    const body = (await response.json().catch(() => ({}))) as GraphQLResponse<TResult>;
    const first = body.errors?.[0];
    if (first) {
      outcome = first.extensions?.code ?? 'error';
      throw new GatewayError(
        first.extensions?.code ?? 'INTERNAL',
        first.message,
        first.extensions?.details,
      );
    }
    if (!body.data) {
      outcome = `http_${response.status}`;
      throw new GatewayError('INTERNAL', `the gateway answered ${response.status} without data`);
    }
    return body.data;
  } finally {
    getMetrics().gatewayRequests.observe(
      { operation: OPERATION_NAMES.get(operation) ?? 'unknown', outcome },
      (performance.now() - started) / 1000,
    );
  }
}
