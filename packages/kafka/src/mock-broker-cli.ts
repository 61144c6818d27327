// Starts the in-process librdkafka mock cluster and keeps it running until SIGTERM/SIGINT.
//
//   node --import tsx packages/kafka/src/mock-broker-cli.ts [brokers] [topic:partitions ...]
//
// Prints `BOOTSTRAP=host:port[,host:port]` on stdout (the only stdout line, so scripts can
// `grep ^BOOTSTRAP=`); diagnostics go to stderr. MOCK_DEBUG=<librdkafka debug contexts> turns on
// librdkafka debug logs, LIBRDKAFKA=<path> picks another librdkafka.so.1.
import { startMockKafka } from './mock-broker.js';

function parseArgs(argv: string[]): { brokers: number; topics: Record<string, number> } {
  const [first, ...rest] = argv;
  const brokersArg = first !== undefined && /^\d+$/.test(first) ? Number(first) : undefined;
  const specs = brokersArg === undefined && first !== undefined ? [first, ...rest] : rest;
  const topics: Record<string, number> = {};
  for (const spec of specs) {
    const [name, partitions] = spec.split(':');
    if (!name) throw new Error(`invalid topic spec "${spec}" (expected name[:partitions])`);
    topics[name] = Number(partitions) || 1;
  }
  return { brokers: brokersArg ?? 1, topics };
}

function main(): void {
  const { brokers, topics } = parseArgs(process.argv.slice(2));
  // eslint-disable-next-line no-restricted-properties -- CLI entrypoint: its env is its config
  const debug = process.env.MOCK_DEBUG;
  const mk = startMockKafka({ brokers, topics, ...(debug ? { debug } : {}) });
  process.stderr.write(`librdkafka ${mk.librdkafkaVersion}; topics: ${JSON.stringify(topics)}\n`);
  process.stdout.write(`BOOTSTRAP=${mk.bootstrap}\n`);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const bye = (signal: NodeJS.Signals): void => {
    clearInterval(keepAlive);
    mk.stop();
    process.stderr.write(`mock Kafka stopped (${signal})\n`);
    process.exit(0);
  };
  process.once('SIGTERM', bye);
  process.once('SIGINT', bye);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
