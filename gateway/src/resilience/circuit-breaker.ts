/**
 * A circuit breaker per subgraph: after `failureThreshold` consecutive failures the circuit opens
 * and calls fail immediately for `cooldownMs` (so a dead subgraph costs nothing and its fields
 * degrade to errors while the rest of the response is served); then one trial call is let through
 * (half-open) and its outcome closes or reopens the circuit.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
}

export interface CircuitBreaker {
  run<T>(call: () => Promise<T>): Promise<T>;
  state(): CircuitState;
}

export function createCircuitBreaker(options: {
  name: string;
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;
  const set = (next: CircuitState) => {
    if (next !== state) {
      state = next;
      options.onStateChange?.(next);
    }
  };
  return {
    state: () => (state === 'open' && now() - openedAt >= options.cooldownMs ? 'half-open' : state),
    async run(call) {
      if (state === 'open') {
        if (now() - openedAt < options.cooldownMs || trialInFlight) {
          throw new CircuitOpenError(`subgraph ${options.name} is unavailable (circuit open)`);
        }
        set('half-open');
      }
      if (state === 'half-open') {
        if (trialInFlight)
          throw new CircuitOpenError(`subgraph ${options.name} is unavailable (circuit half-open)`);
        trialInFlight = true;
      }
      try {
        const result = await call();
        failures = 0;
        set('closed');
        return result;
      } catch (err) {
        failures += 1;
        if (state === 'half-open' || failures >= options.failureThreshold) {
          openedAt = now();
          set('open');
        }
        throw err;
      } finally {
        trialInFlight = false;
      }
    },
  };
}
