import type { z } from 'zod';
import { GatewayError } from './gateway';
import { getLogger } from './logger';

/** What every server action returns to the browser: data, or a typed error to show. */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      message: string;
      fieldErrors?: Record<string, string>;
      /** The gateway's typed error details (e.g. line and column of a bad CEL condition). */
      details?: Readonly<Record<string, unknown>>;
    };

/** Invalid input caught in the console before anything is sent to the gateway. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Validates a server action's input (never trust what the browser sends). */
export function parseActionInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[issue.path.join('.')] ??= issue.message;
  throw new InputError(
    result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    fieldErrors,
  );
}

/**
 * Runs a server action's work and turns failures into an ActionResult: input errors and the
 * gateway's typed errors keep their code and message; anything else is logged and masked.
 */
export async function toActionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (err) {
    if (err instanceof InputError) {
      return {
        ok: false,
        code: 'BAD_USER_INPUT',
        message: err.message,
        fieldErrors: err.fieldErrors,
      };
    }
    if (err instanceof GatewayError) {
      return { ok: false, code: err.code, message: err.message, details: err.details };
    }
    getLogger('action').error({ err }, 'server action failed');
    return { ok: false, code: 'INTERNAL', message: 'internal error' };
  }
}
