import { describe, expect, it } from 'vitest';
import { createSupervisor, type ProcessSpec } from '../src/supervisor.js';

const crashing = (restartOnCrash: boolean): ProcessSpec => ({
  name: 'crasher',
  cwd: process.cwd(),
  command: process.execPath,
  args: ['-e', "console.log('starting'); console.error('broker not ready'); process.exit(3)"],
  env: {},
  healthUrl: 'http://127.0.0.1:1/health',
  metricsUrl: 'http://127.0.0.1:1/metrics',
  restartOnCrash,
});

describe('supervisor', () => {
  it('restarts a crashing worker 3 times a minute, then gives up with its last output', async () => {
    const restarts: number[] = [];
    const exit = await new Promise<{ code: number | null; tail: string[] }>((resolve) => {
      const supervisor = createSupervisor({
        quiet: true,
        onRestart: (_, code) => restarts.push(code ?? -1),
        onExit: (_, code, tail) => {
          void supervisor.stop();
          resolve({ code, tail });
        },
      });
      supervisor.start(crashing(true), 0);
    });
    expect(restarts).toEqual([3, 3, 3]);
    expect(exit.code).toBe(3);
    expect([...exit.tail].sort()).toEqual(['broker not ready', 'starting']); // stdout and stderr
  }, 20_000);

  it('stops the platform at once when the process may not be restarted', async () => {
    const restarts: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const supervisor = createSupervisor({
        quiet: true,
        onRestart: (name) => restarts.push(name),
        onExit: (_, exitCode) => resolve(exitCode),
      });
      supervisor.start(crashing(false), 0);
    });
    expect(code).toBe(3);
    expect(restarts).toEqual([]);
  });
});
