// Re-drives DLQ messages to their original topic (see dlq-replay.ts).
//
//   node --import tsx packages/kafka/src/dlq-replay-cli.ts --brokers host:9092 \
//     [--group dlq-replay] [--dlq-topic badge.dlq] [--original-topic badge.transaction.events] \
//     [--consumer-group rule-worker.behaviour-events] [--error-class poison|exhausted] \
//     [--since 2025-03-01T00:00:00Z] [--until …] [--key <user id>] [--target <topic>] \
//     [--limit N] [--dry-run]
//
// --brokers defaults to $KAFKA_BROKERS. Prints one JSON line with the result on stdout; logs go
// to stderr (LOG_LEVEL, default info). Exit 0 on success; 1 on failure, including a run that
// stopped early (`error` in the result: a failed produce, the timeout) or passed messages it could
// not route (`failed`); 2 on bad arguments.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createKafka } from './client.js';
import { DEFAULT_DLQ_REPLAY_GROUP, replayDlq, type DlqReplayFilter } from './dlq-replay.js';
import { createProducer } from './producer.js';

const FLAGS = new Set([
  'brokers',
  'group',
  'dlq-topic',
  'original-topic',
  'consumer-group',
  'error-class',
  'since',
  'until',
  'key',
  'target',
  'limit',
]);

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--dry-run') out['dry-run'] = true;
    else if (arg.startsWith('--') && FLAGS.has(arg.slice(2)) && argv[i + 1] !== undefined)
      out[arg.slice(2)] = argv[++i]!;
    else throw new Error(`unknown or incomplete argument "${arg}"`);
  }
  return out;
}

async function main(): Promise<number> {
  let args: Record<string, string | true>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const str = (name: string) => (typeof args[name] === 'string' ? args[name] : undefined);
  // eslint-disable-next-line no-restricted-properties -- CLI entrypoint: its env is its config
  const env = process.env;
  const brokers = (str('brokers') ?? env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) {
    process.stderr.write('--brokers (or KAFKA_BROKERS) is required\n');
    return 2;
  }
  const errorClass = str('error-class');
  if (errorClass && errorClass !== 'poison' && errorClass !== 'exhausted') {
    process.stderr.write('--error-class must be poison or exhausted\n');
    return 2;
  }
  const date = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new Error(`--${name} is not a date`);
    return d;
  };
  const filter: DlqReplayFilter = {
    ...(str('original-topic') ? { originalTopic: str('original-topic')! } : {}),
    ...(str('consumer-group') ? { consumerGroup: str('consumer-group')! } : {}),
    ...(errorClass ? { errorClass: errorClass as 'poison' | 'exhausted' } : {}),
    ...(date('since') ? { since: date('since')! } : {}),
    ...(date('until') ? { until: date('until')! } : {}),
    ...(str('key') !== undefined ? { key: str('key')! } : {}),
  };
  const logger = pino({ level: env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const kafka = createKafka({ brokers, clientId: 'dlq-replay', logger });
  const producer = createProducer({ kafka, logger, registry: new Registry() });
  await producer.start();
  try {
    const result = await replayDlq({
      kafka,
      producer,
      logger,
      groupId: str('group') ?? DEFAULT_DLQ_REPLAY_GROUP,
      ...(str('dlq-topic') ? { dlqTopic: str('dlq-topic')! } : {}),
      filter,
      ...(str('target') ? { targetTopic: str('target')! } : {}),
      dryRun: args['dry-run'] === true,
      ...(str('limit') ? { limit: Number(str('limit')) } : {}),
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.error) process.stderr.write(`${result.error}\n`);
    return result.error || result.failed > 0 ? 1 : 0;
  } finally {
    await producer.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
