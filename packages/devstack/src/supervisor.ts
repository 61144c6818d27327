import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  name: string;
  cwd: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** URL answering 200 once the process is up (its /health). */
  healthUrl: string;
  metricsUrl: string;
  /**
   * Restart it when it exits with an error, as the orchestrator does in production (workers
   * exit on a consumer crash so that they are restarted): at most 3 times a minute.
   */
  restartOnCrash?: boolean;
}

const COLORS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95, 96];
/** Lines of each process's output kept for the report when it dies (also in quiet mode). */
const TAIL_LINES = 40;
const RESTARTS_PER_MINUTE = 3;

/**
 * Runs the platform's processes with prefixed output. One process dying takes the platform down
 * (a half-running platform is worse than a clear failure) unless it may be restarted and has not
 * used up its restarts; stop() ends them all with SIGTERM (graceful shutdown), then SIGKILL after
 * a grace period.
 */
export function createSupervisor(options: {
  /** `tail`: the process's last output lines, to say why it died. */
  onExit: (name: string, code: number | null, tail: string[]) => void;
  /** A process that crashed is being started again. */
  onRestart?: (name: string, code: number | null, tail: string[]) => void;
  quiet?: boolean;
}) {
  const children = new Map<string, ChildProcess>();
  const restarts = new Map<string, number[]>();
  let stopping = false;

  const start = (spec: ProcessSpec, index: number) => {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so stop() reaches grandchildren (next dev, tsx)
    });
    children.set(spec.name, child);
    const prefix = `\x1b[${COLORS[index % COLORS.length]}m${spec.name.padEnd(16)}\x1b[0m|`;
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        if (!options.quiet) process.stdout.write(`${prefix} ${line}\n`);
      });
    }
    child.on('exit', (code) => {
      children.delete(spec.name);
      if (stopping) return;
      const now = Date.now();
      const recent = (restarts.get(spec.name) ?? []).filter((at) => now - at < 60_000);
      if (spec.restartOnCrash && code !== 0 && recent.length < RESTARTS_PER_MINUTE) {
        restarts.set(spec.name, [...recent, now]);
        options.onRestart?.(spec.name, code, tail);
        setTimeout(() => {
          if (!stopping) start(spec, index);
        }, 1_000).unref();
        return;
      }
      options.onExit(spec.name, code, tail);
    });
  };

  return {
    start,
    async stop(graceMs = 15_000) {
      stopping = true;
      const pending = [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            const kill = (signal: NodeJS.Signals) => {
              try {
                process.kill(-child.pid!, signal);
              } catch {
                // already gone
              }
            };
            kill('SIGTERM');
            setTimeout(() => kill('SIGKILL'), graceMs).unref();
          }),
      );
      await Promise.all(pending);
    },
  };
}

export async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms (${last})`);
}
