/**
 * The one error type services throw for expected failures. Resolvers map it to a GraphQLError
 * with `extensions.code`; anything else is an internal error, masked for clients and logged.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'INVALID_STATE',
  'OUT_OF_STOCK',
  'LIMIT_EXCEEDED',
  'DEPENDENCY_UNAVAILABLE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_REQUIRED',
  'OPERATION_LIMIT_EXCEEDED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** What may be shown to a client: code, message, details. Never the cause or the stack. */
  toJSON(): { code: ErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
