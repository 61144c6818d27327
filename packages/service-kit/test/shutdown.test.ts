import { describe, expect, it } from 'vitest';
import { createLogger, createShutdown } from '../src/index.js';

const silent = createLogger({ name: 'test', level: 'silent' });

describe('graceful shutdown', () => {
  it('runs intake, then drain, then close; runs once however often it is asked', async () => {
    const order: string[] = [];
    const sd = createShutdown({ logger: silent, exit: () => {} });
    sd.on('close', 'db', () => {
      order.push('close:db');
    });
    sd.on('drain', 'consumer', async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('drain:consumer');
    });
    sd.on('intake', 'http', () => {
      order.push('intake:http');
    });
    sd.on('close', 'kafka', () => {
      order.push('close:kafka');
    });
    const [a, b] = await Promise.all([sd.run('SIGTERM'), sd.run('again')]);
    expect(a).toBe(0);
    expect(b).toBe(0);
    expect(order).toEqual(['intake:http', 'drain:consumer', 'close:db', 'close:kafka']);
    expect(sd.isShuttingDown).toBe(true);
  });

  it('keeps closing after a failing hook and reports a non-zero exit code', async () => {
    const closed: string[] = [];
    const sd = createShutdown({ logger: silent, exit: () => {} });
    sd.on('drain', 'broken', () => {
      throw new Error('boom');
    });
    sd.on('close', 'db', () => {
      closed.push('db');
    });
    expect(await sd.run('test')).toBe(1);
    expect(closed).toEqual(['db']);
  });

  it('forces an exit code when a hook hangs past the timeout', async () => {
    const sd = createShutdown({ logger: silent, exit: () => {}, timeoutMs: 50 });
    sd.on('drain', 'stuck', () => new Promise<void>(() => {}));
    expect(await sd.run('test')).toBe(1);
  });

  it('handles SIGTERM in a real child process: stops intake, drains, exits 0', async () => {
    const { spawn } = await import('node:child_process');
    const script = `
      import { createLogger, createShutdown } from './src/index.ts';
      const sd = createShutdown({ logger: createLogger({ name: 'c', level: 'silent' }) });
      sd.on('intake', 'http', () => { process.stdout.write('intake;'); });
      sd.on('drain', 'work', async () => { await new Promise(r => setTimeout(r, 30)); process.stdout.write('drain;'); });
      sd.on('close', 'db', () => { process.stdout.write('close;'); });
      sd.trapSignals();
      process.stdout.write('ready;');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(
      process.execPath,
      ['--conditions=@badge/source', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: new URL('..', import.meta.url).pathname,
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out === 'ready;') child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toBe('ready;intake;drain;close;');
    expect(code).toBe(0);
  });
});
