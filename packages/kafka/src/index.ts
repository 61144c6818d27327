export { createKafka, kafkaLogLevelFor, kafkaOptionsFromEnv, pinoLogCreator } from './client.js';
export type { CreateKafkaOptions, KafkaClientEnv, KafkaSaslOptions } from './client.js';
export { createProducer } from './producer.js';
export type {
  CreateProducerOptions,
  KafkaProducer,
  MessagePublisher,
  OutgoingMessage,
  TopicMessages,
} from './producer.js';
export {
  DEFAULT_DLQ_TOPIC,
  DLQ_HEADERS,
  DlqWriteError,
  PoisonMessageError,
  createConsumer,
  isPoisonError,
} from './consumer.js';
export type {
  ConsumedMessage,
  ConsumerState,
  CreateConsumerOptions,
  DlqErrorClass,
  KafkaConsumer,
  MessageHandler,
} from './consumer.js';
export { createBatchConsumer, inMessageSpan } from './batch-consumer.js';
export type { BatchConsumerOptions, BatchHandler, PreparedMessage } from './batch-consumer.js';
export {
  createOutboxRelay,
  createPgOutboxStore,
  defaultOutboxChannel,
  outboxNotifyTriggerSql,
  outboxRowToMessage,
} from './outbox.js';
export type {
  CreateOutboxRelayOptions,
  CreatePgOutboxStoreOptions,
  OutboxBatchResult,
  OutboxRelay,
  OutboxRow,
  OutboxStore,
  OutboxSubscription,
  PublishRows,
} from './outbox.js';
export { extractTraceContext, headersToRecord, injectTraceHeaders } from './tracing.js';
export { backoffDelay } from './util.js';
export { replayDlq, DLQ_REPLAY_HEADERS, DEFAULT_DLQ_REPLAY_GROUP } from './dlq-replay.js';
export type {
  DlqReplayFilter,
  DlqReplayItem,
  DlqReplayOptions,
  DlqReplayResult,
} from './dlq-replay.js';
export { readGroupBacklog } from './group-backlog.js';
export type { PartitionBacklog, TopicBacklog } from './group-backlog.js';
