import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Codes a client may see as they are; everything else is masked as INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_REQUIRED',
  'OPERATION_LIMIT_EXCEEDED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INVALID_STATE',
  'OUT_OF_STOCK',
  'LIMIT_EXCEEDED',
  'DEPENDENCY_UNAVAILABLE',
]);

/**
 * Apollo `formatError`: AppErrors become `{ message, extensions: { code, details } }`; known
 * GraphQL codes pass, with the `details` a subgraph's AppError put there (the gateway sees
 * subgraph errors only in that formatted shape, and clients need e.g. the line and column of a
 * bad CEL condition); anything unexpected is logged in full and masked for the client.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, details: original.details },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const details = formatted.extensions?.details;
      const isObject = typeof details === 'object' && details !== null && !Array.isArray(details);
      return { ...formatted, extensions: { code, ...(isObject ? { details } : {}) } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected GraphQL error');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export const toGraphQLError = (code: string, message: string) =>
  new GraphQLError(message, { extensions: { code } });
