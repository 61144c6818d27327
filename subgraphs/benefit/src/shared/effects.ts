/**
 * What a change does once its transaction committed: metrics, waking the outbox relay, and the
 * points deliveries it queued (external calls never run inside a database transaction). The
 * caller that owns the transaction runs them after the commit, or drops them on rollback.
 */
export class Effects {
  private callbacks: (() => void)[] = [];
  /** POINTS grants left PENDING by the transaction, to deliver after the commit. */
  readonly deliveries: string[] = [];
  private outboxRows = 0;

  onCommit(callback: () => void): void {
    this.callbacks.push(callback);
  }

  wroteOutbox(rows = 1): void {
    this.outboxRows += rows;
  }

  get hasOutboxRows(): boolean {
    return this.outboxRows > 0;
  }

  /** Runs the callbacks once; a failing callback does not stop the others. */
  runCallbacks(): void {
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        // metrics must never fail a committed change
      }
    }
  }
}
