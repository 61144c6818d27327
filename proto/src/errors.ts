/** One problem found in an event: where (`path`) and what (`reason`). */
export interface EventIssue {
  /**
   * Field path in proto field names, e.g. `user_id`, `items[0].amount`, `attributes["store_id"]`.
   * `$` is the whole message (malformed bytes or JSON, empty payload, unknown event type).
   */
  readonly path: string;
  /** Human-readable reason, e.g. `is required`, `must not be negative`. */
  readonly reason: string;
}

/**
 * Thrown when a payload cannot be decoded or a message breaks the contract. Consumers treat it as
 * a poison message (send to the DLQ, never retry); producers treat it as a programming error.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  /** Path of the first issue (see {@link EventIssue.path}). */
  readonly path: string;
  /** Reason of the first issue. */
  readonly reason: string;
  /** Every issue found (at least one). */
  readonly issues: readonly EventIssue[];
  /** Fully qualified message name, e.g. `badge.events.v1.EngagementEvent`, when known. */
  readonly typeName: string | undefined;

  constructor(
    issues: readonly [EventIssue, ...EventIssue[]],
    typeName?: string,
    options?: { cause?: unknown },
  ) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
    super(`${typeName ?? 'event'}: ${first.path} ${first.reason}${more}`, options);
    this.path = first.path;
    this.reason = first.reason;
    this.issues = issues;
    this.typeName = typeName;
  }
}

/** True for an {@link InvalidEventError}, also across duplicated module instances. */
export function isInvalidEventError(error: unknown): error is InvalidEventError {
  return (
    error instanceof InvalidEventError ||
    (error instanceof Error &&
      error.name === 'InvalidEventError' &&
      'issues' in error &&
      'path' in error)
  );
}
