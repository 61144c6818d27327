/**
 * Work that must happen only once a transaction committed (metrics, waking the outbox relay).
 * Domain code registers callbacks while it writes; the caller that owns the transaction runs them
 * after the commit, or drops them when the transaction rolled back.
 */
export class AfterCommit {
  private callbacks: (() => void)[] = [];
  private outboxRows = 0;

  add(callback: () => void): void {
    this.callbacks.push(callback);
  }

  /** Counts outbox rows written, so the caller knows whether to wake the relay. */
  wroteOutbox(rows = 1): void {
    this.outboxRows += rows;
  }

  get hasOutboxRows(): boolean {
    return this.outboxRows > 0;
  }

  /** Drops everything (the transaction rolled back). */
  clear(): void {
    this.callbacks = [];
    this.outboxRows = 0;
  }

  /** Runs the callbacks once; a failing callback does not stop the others. */
  run(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        // metrics and notifications must never fail a committed change
      }
    }
  }
}
