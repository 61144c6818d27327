// The pipeline module's Kafka adapter (the only Kafka user of the rule server): offsets through
// the admin client, the replay through @badge/kafka's replayDlq. Short connection and request
// timeouts and no retries come with the Kafka client (server.ts); the producer for replays is
// connected on the first replay, not at startup, so the server starts without Kafka.
import { readGroupBacklog, replayDlq, type KafkaProducer } from '@badge/kafka';
import type { Logger } from '@badge/service-kit';
import type { Kafka } from 'kafkajs';
import type { PipelineKafka } from './pipeline.service.js';

export function createPipelineKafka(deps: {
  kafka: Kafka;
  producer: KafkaProducer;
  logger: Logger;
  /** The whole replay gives up after this (ms); what it did until then is reported. */
  replayTimeoutMs: number;
  /** Consumer group timings of the replay (the group joins on every run). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}): PipelineKafka & { stop(): Promise<void> } {
  let producerStarted: Promise<void> | undefined;
  const startProducer = () => {
    producerStarted ??= deps.producer.start().catch((err: unknown) => {
      producerStarted = undefined; // try again on the next replay
      throw err;
    });
    return producerStarted;
  };

  return {
    async backlogs(groups) {
      const admin = deps.kafka.admin();
      await admin.connect();
      try {
        const perGroup = await Promise.all(
          groups.map(async (g) =>
            (await readGroupBacklog(admin, g.groupId, g.topics)).map((t) => ({
              groupId: g.groupId,
              topic: t.topic,
              backlog: Number(t.backlog),
            })),
          ),
        );
        return perGroup.flat();
      } finally {
        await admin.disconnect();
      }
    },

    async replayDeadLetters({ groupId, limit }) {
      await startProducer();
      const result = await replayDlq({
        kafka: deps.kafka,
        producer: deps.producer,
        logger: deps.logger,
        groupId,
        limit,
        timeoutMs: deps.replayTimeoutMs,
        ...(deps.sessionTimeoutMs !== undefined ? { sessionTimeout: deps.sessionTimeoutMs } : {}),
        ...(deps.heartbeatIntervalMs !== undefined
          ? { heartbeatInterval: deps.heartbeatIntervalMs }
          : {}),
      });
      return {
        replayed: result.replayed,
        failed: result.failed,
        ...(result.error ? { error: result.error } : {}),
      };
    },

    async produce(topic, message) {
      await startProducer();
      await deps.producer.send(topic, [
        { key: message.key, value: Buffer.from(message.value), headers: message.headers },
      ]);
    },

    async stop() {
      if (producerStarted) await deps.producer.stop();
    },
  };
}
