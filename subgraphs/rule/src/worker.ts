import { createKafka, kafkaOptionsFromEnv } from '@badge/kafka';
import { createRuntime, runMain } from '@badge/service-kit';
import { runWorker } from '@badge/service-kit/worker';
import { connectDatabase, createWorkerRepositories } from './db.js';
import { loadWorkerEnvironment } from './environment.js';
import { createRulePipeline } from './rule-pipeline.js';

const SERVICE = 'rule-worker';

runMain(SERVICE, async () => {
  const env = loadWorkerEnvironment();
  const runtime = createRuntime(SERVICE, env);
  const db = connectDatabase(env, runtime);
  // runWorker owns the producer (DLQ writes) and the relay of the rule outbox; the rule events
  // are consumed by the batch pipeline below (one transaction per chunk, not per message).
  const { producer, relay } = await runWorker({
    runtime,
    env,
    outboxSchema: 'rule',
    consumers: () => [],
  });
  const pipeline = createRulePipeline({
    kafka: createKafka(kafkaOptionsFromEnv(env, { clientId: SERVICE, logger: runtime.logger })),
    producer,
    notify: () => relay.notify(),
    repositories: createWorkerRepositories(db.prisma),
    logger: runtime.logger,
    registry: runtime.metrics.registry,
    settings: env,
    onCrash: (err) => {
      runtime.logger.fatal(
        { err },
        'rule consumer crashed; exiting so the orchestrator restarts the worker',
      );
      void runtime.shutdown.run('consumer crashed').then(() => process.exit(1));
    },
  });
  runtime.addChecks({
    name: 'rule-consumer',
    critical: true,
    check: async () => {
      if (!pipeline.readiness()) throw new Error('rule events consumer not joined');
    },
  });
  runtime.shutdown.on('intake', 'rule-consumer', () => pipeline.stop());
  await pipeline.start();
  runtime.logger.info({ rules: pipeline.rules.current().rules.length }, 'rule pipeline running');
});
