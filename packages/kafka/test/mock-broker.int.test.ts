// The mock broker launcher and its CLI.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../src/client.js';
import { LibrdkafkaNotFoundError, startMockKafka } from '../src/mock-broker.js';
import { testLogger } from './helpers.js';

const CLI = fileURLToPath(new URL('../src/mock-broker-cli.ts', import.meta.url));

describe('mock broker', () => {
  it('serves topics created up front and later, over TCP', async () => {
    const mk = startMockKafka({ brokers: 2, topics: { first: 3 } });
    try {
      expect(mk.librdkafkaVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(mk.brokers).toHaveLength(2);
      mk.createTopic('second', 2);
      const admin = createKafka({
        brokers: mk.brokers,
        clientId: 'probe',
        logger: testLogger(),
      }).admin();
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: ['first', 'second'] });
      await admin.disconnect();
      expect(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]))).toEqual({
        first: 3,
        second: 2,
      });
    } finally {
      mk.stop();
      mk.stop(); // idempotent
    }
    expect(() => mk.createTopic('late')).toThrow(/stopped/);
  });

  it('says how to install librdkafka when it is missing', () => {
    expect(() => startMockKafka({ libPath: '/nonexistent/librdkafka.so.1' })).toThrow(
      LibrdkafkaNotFoundError,
    );
    expect(() => startMockKafka({ libPath: '/nonexistent/librdkafka.so.1' })).toThrow(
      /apt-get install -y librdkafka1/,
    );
  });

  it('CLI prints BOOTSTRAP=host:port and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '1', 'cli.topic:2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!/BOOTSTRAP=\S+/.test(out) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const bootstrap = /BOOTSTRAP=(\S+)/.exec(out)?.[1];
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);

    const admin = createKafka({
      brokers: [bootstrap!],
      clientId: 'probe',
      logger: testLogger(),
    }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: ['cli.topic'] });
    await admin.disconnect();
    expect(topics[0]?.partitions).toHaveLength(2);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  });
});
