import { createKafka, createProducer, DEFAULT_DLQ_REPLAY_GROUP } from '@badge/kafka';
import { createRuntime, runMain } from '@badge/service-kit';
import { runSubgraphServer } from '@badge/service-kit/graphql';
import { kafkaSasl } from '@badge/service-kit/worker';
import { createContextFactory } from './context.js';
import { connectDatabase, createRepositories } from './db.js';
import { loadEnvironment } from './environment.js';
import { modules } from './modules/index.js';
import { createPipelineKafka } from './modules/pipeline/pipeline.kafka.js';
import { createPipelineService } from './modules/pipeline/pipeline.service.js';

const SERVICE = 'rule-subgraph';

runMain(SERVICE, async () => {
  const env = loadEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  const repositories = createRepositories(db.prisma);
  // Kafka is not a readiness dependency of the server: only the pipeline module uses it, with
  // short timeouts and quick retries (the replay's group join needs a few), and pipelineStatus
  // reports Kafka down as data (kafkaReachable: false) within PIPELINE_STATUS_TIMEOUT_MS.
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? SERVICE,
    ssl: env.KAFKA_SSL,
    ...(kafkaSasl(env) ? { sasl: kafkaSasl(env)! } : {}),
    logger: runtime.logger,
    connectionTimeout: env.PIPELINE_KAFKA_TIMEOUT_MS,
    requestTimeout: env.PIPELINE_KAFKA_TIMEOUT_MS,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  });
  const pipelineKafka = createPipelineKafka({
    kafka,
    producer: createProducer({ kafka, logger: runtime.logger, registry: runtime.metrics.registry }),
    logger: runtime.logger,
    replayTimeoutMs: env.PIPELINE_REPLAY_TIMEOUT_MS,
  });
  runtime.shutdown.on('close', 'pipeline-kafka', () => pipelineKafka.stop());
  const pipeline = createPipelineService({
    kafka: pipelineKafka,
    repository: repositories.pipelineAdmin,
    logger: runtime.logger,
    replayGroupId: DEFAULT_DLQ_REPLAY_GROUP,
    statusTimeoutMs: env.PIPELINE_STATUS_TIMEOUT_MS,
  });
  await runSubgraphServer({
    runtime,
    env,
    modules,
    createContext: createContextFactory(repositories, { pipeline }),
  });
});
