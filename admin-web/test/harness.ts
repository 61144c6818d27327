import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from './environment';

export const ADMIN_WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** A TCP port free right now on 127.0.0.1 (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Output of a child process, last 64 KiB, for failure messages. */
export class OutputTail {
  #text = '';
  append(chunk: Buffer | string): void {
    this.#text = (this.#text + chunk.toString()).slice(-64 * 1024);
  }
  toString(): string {
    return this.#text;
  }
}

/** `next build` in admin-web; resolves when it succeeded, rejects with its output otherwise. */
export async function nextBuild(): Promise<void> {
  const output = new OutputTail();
  const child = spawn(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ADMIN_WEB_DIR,
    env: childProcessEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => output.append(c));
  child.stderr.on('data', (c: Buffer) => output.append(c));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.toString()}`);
}

export interface RunningNext {
  url: string;
  output: OutputTail;
  stop(): Promise<void>;
}

/** `next start` on `port` with `env`; resolves once /api/health answers 200. */
export async function nextStart(port: number, env: Record<string, string>): Promise<RunningNext> {
  const output = new OutputTail();
  const child: ChildProcess = spawn(
    process.execPath,
    [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: ADMIN_WEB_DIR,
      env: childProcessEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (c: Buffer) => output.append(c));
  child.stderr?.on('data', (c: Buffer) => output.append(c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output.toString()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not become healthy:\n${output.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output, stop };
}
