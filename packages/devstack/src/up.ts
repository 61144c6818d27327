/**
 * `pnpm dev` / `npm start`: the whole platform on this machine. Ctrl-C stops it gracefully.
 */
import { LibrdkafkaNotFoundError } from '@badge/kafka/mock-broker';
import { loadEnvironment } from './environment.js';
import { startPlatform, type Platform } from './platform.js';
import { PreflightError } from './preflight.js';

async function main(): Promise<void> {
  const env = loadEnvironment();
  const startup = new AbortController();
  let platform: Platform | undefined = undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    startup.abort(); // during startup: startPlatform stops what it started and rejects
    await platform?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  platform = await startPlatform(env, undefined, {
    onCrash: () => void stop(1),
    signal: startup.signal,
  });
  const rows = [
    ['GraphQL gateway', platform.gatewayUrl],
    ['Admin console', platform.adminWebUrl ?? '(disabled: DEVSTACK_ADMIN_WEB=0)'],
    ['OIDC issuer', platform.oidcIssuer],
    ['Kafka brokers', platform.kafkaBrokers],
    ...platform.processes.map((p) => [p.name, `${p.healthUrl}  ${p.metricsUrl}`]),
  ];
  process.stdout.write(
    `\nBadge platform is up${platform.redisUp ? '' : ' (degraded: Redis unreachable)'}:\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`  ${k!.padEnd(18)} ${v}\n`);
  process.stdout.write('Press Ctrl-C to stop.\n');
}

main().catch((err: unknown) => {
  if (err instanceof PreflightError || err instanceof LibrdkafkaNotFoundError) {
    process.stderr.write(`\n✗ ${err.message}\n`);
  } else {
    process.stderr.write(
      `\n✗ the platform failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
