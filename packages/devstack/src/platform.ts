import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevOidc, DEV_ADMIN, DEV_NO_MFA_USER, type DevOidc } from '@badge/dev-oidc';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import { TOPIC_PARTITIONS } from '@badge/proto';
import { loadDevSecrets, type DevstackEnv } from './environment.js';
import { ensureDatabase, probeRedis } from './preflight.js';
import { createSupervisor, waitForHealthy, type ProcessSpec } from './supervisor.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SUBGRAPHS = ['badge', 'rule', 'benefit', 'user'] as const;
const TSX = ['--conditions=@badge/source', '--import', 'tsx'];

export interface Platform {
  gatewayUrl: string;
  adminWebUrl: string | undefined;
  oidcIssuer: string;
  kafkaBrokers: string;
  processes: ProcessSpec[];
  redisUp: boolean;
  stop(): Promise<void>;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

/**
 * Brings the whole platform up on this machine: embedded Kafka and OIDC where none is configured,
 * the database migrated and seeded, then every subgraph server and worker, the gateway and the
 * admin console as child processes. Resolves once every process answers /health.
 */
export async function startPlatform(
  env: DevstackEnv,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  options: {
    quiet?: boolean;
    onCrash?: (name: string, code: number | null) => void;
    /** Aborting (e.g. Ctrl-C during startup) stops whatever was started and rejects. */
    signal?: AbortSignal;
  } = {},
): Promise<Platform> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  const interrupted = new Promise<never>((_, reject) => {
    options.signal?.addEventListener('abort', () => reject(new Error('startup interrupted')), {
      once: true,
    });
  });
  interrupted.catch(() => {});
  const step = <T>(p: Promise<T>) => Promise.race([p, interrupted]);
  try {
    const secrets = loadDevSecrets(env.DEVSTACK_STATE_DIR);
    const base = env.DEVSTACK_PORT_BASE;

    log(`• PostgreSQL: ${new URL(env.DATABASE_URL).host}`);
    await step(ensureDatabase(env.DATABASE_URL));
    const redisUp = await step(probeRedis(env.REDIS_URL));
    log(
      redisUp
        ? `• Redis: ${env.REDIS_URL}`
        : `• Redis: NOT reachable at ${env.REDIS_URL} — the platform runs degraded (no rate limits, no caches)`,
    );

    let kafkaBrokers = env.KAFKA_BROKERS;
    if (!kafkaBrokers) {
      const mock: MockKafka = startMockKafka({ brokers: 1, topics: { ...TOPIC_PARTITIONS } });
      cleanups.push(() => mock.stop());
      kafkaBrokers = mock.bootstrap;
      log(
        `• Kafka: embedded librdkafka mock broker ${mock.librdkafkaVersion} at ${kafkaBrokers} (set KAFKA_BROKERS for a real cluster)`,
      );
    } else {
      log(`• Kafka: ${kafkaBrokers}`);
    }

    const adminWebUrl =
      env.DEVSTACK_ADMIN_WEB === '1' ? `http://localhost:${env.ADMIN_WEB_PORT}` : undefined;
    let oidcIssuer = env.OIDC_ISSUER;
    let oidcClientSecret = env.OIDC_CLIENT_SECRET ?? secrets.oidcClientSecret;
    if (!oidcIssuer) {
      const consoleUrl = adminWebUrl ?? `http://localhost:${env.ADMIN_WEB_PORT}`;
      const oidc: DevOidc = await step(
        startDevOidc({
          port: base + 400,
          clients: [
            {
              clientId: env.OIDC_CLIENT_ID,
              clientSecret: oidcClientSecret,
              redirectUris: [`${consoleUrl}/api/auth/callback/myid`],
              postLogoutRedirectUris: [`${consoleUrl}/auth/signed-out`],
            },
          ],
          users: [DEV_ADMIN, DEV_NO_MFA_USER],
          accessTokenAudience: env.OIDC_AUDIENCE,
        }),
      );
      cleanups.push(() => oidc.stop());
      oidcIssuer = oidc.issuer;
      oidcClientSecret = secrets.oidcClientSecret;
      log(
        `• OIDC: embedded provider at ${oidcIssuer} (sign in as ${DEV_ADMIN.email} / ${DEV_ADMIN.password}, one-time code 123456)`,
      );
    } else {
      log(`• OIDC: ${oidcIssuer}`);
    }

    const dbEnv = { DATABASE_URL: env.DATABASE_URL };
    log('• Migrating and seeding the database…');
    await step(run('bash', ['scripts/prisma.sh', 'migrate', 'deploy'], `${ROOT}prisma`, dbEnv));
    await step(run('pnpm', ['run', 'seed'], `${ROOT}prisma`, dbEnv));

    const common = {
      NODE_ENV: 'development',
      LOG_LEVEL: env.LOG_LEVEL,
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      KAFKA_BROKERS: kafkaBrokers,
      INTERNAL_IDENTITY_SECRETS: secrets.identitySecret,
    };
    const processes: ProcessSpec[] = [];
    SUBGRAPHS.forEach((name, i) => {
      const cwd = `${ROOT}subgraphs/${name}`;
      const extra: Record<string, string> =
        name === 'user'
          ? {
              ADMIN_BOOTSTRAP_SUBJECTS: DEV_ADMIN.sub,
              FIELD_ENCRYPTION_KEYS: `dev1:${secrets.fieldEncryptionKey}`,
              BLIND_INDEX_KEY: secrets.blindIndexKey,
            }
          : {};
      processes.push({
        name: `${name}-server`,
        cwd,
        command: process.execPath,
        args: [...TSX, 'src/server.ts'],
        env: {
          ...common,
          ...extra,
          PORT: String(base + 1 + i),
          METRICS_PORT: String(base + 101 + i),
        },
        healthUrl: `http://127.0.0.1:${base + 1 + i}/health`,
        metricsUrl: `http://127.0.0.1:${base + 101 + i}/metrics`,
      });
      processes.push({
        name: `${name}-worker`,
        cwd,
        command: process.execPath,
        args: [...TSX, 'src/worker.ts'],
        env: { ...common, ...extra, METRICS_PORT: String(base + 111 + i) },
        restartOnCrash: true, // workers exit on a consumer crash for the orchestrator to restart
        healthUrl: `http://127.0.0.1:${base + 111 + i}/health`,
        metricsUrl: `http://127.0.0.1:${base + 111 + i}/metrics`,
      });
    });
    const gatewayUrl = `http://127.0.0.1:${base}/graphql`;
    processes.push({
      name: 'gateway',
      cwd: `${ROOT}gateway`,
      command: process.execPath,
      args: [...TSX, 'src/server.ts'],
      env: {
        NODE_ENV: 'development',
        LOG_LEVEL: env.LOG_LEVEL,
        PORT: String(base),
        METRICS_PORT: String(base + 100),
        INTERNAL_IDENTITY_SECRETS: secrets.identitySecret,
        OIDC_ISSUER: oidcIssuer,
        OIDC_AUDIENCE: env.OIDC_AUDIENCE,
        REDIS_URL: env.REDIS_URL,
        ...Object.fromEntries(
          SUBGRAPHS.map((n, i) => [
            `SUBGRAPH_${n.toUpperCase()}_URL`,
            `http://127.0.0.1:${base + 1 + i}/graphql`,
          ]),
        ),
      },
      healthUrl: `http://127.0.0.1:${base}/health`,
      metricsUrl: `http://127.0.0.1:${base + 100}/metrics`,
    });
    if (adminWebUrl) {
      processes.push({
        name: 'admin-web',
        cwd: `${ROOT}admin-web`,
        command: `${ROOT}admin-web/node_modules/.bin/next`,
        args: ['dev', '-p', String(env.ADMIN_WEB_PORT)],
        env: {
          NODE_ENV: 'development',
          OIDC_ISSUER: oidcIssuer,
          OIDC_CLIENT_ID: env.OIDC_CLIENT_ID,
          OIDC_CLIENT_SECRET: oidcClientSecret,
          OIDC_AUDIENCE: env.OIDC_AUDIENCE,
          NEXTAUTH_URL: adminWebUrl,
          NEXTAUTH_SECRET: secrets.nextAuthSecret,
          GATEWAY_URL: gatewayUrl,
        },
        healthUrl: `${adminWebUrl}/api/health`,
        metricsUrl: `${adminWebUrl}/api/metrics`,
      });
    }

    let started = false;
    let failStartup: (err: Error) => void = () => {};
    const startupFailed = new Promise<never>((_, reject) => (failStartup = reject));
    const supervisor = createSupervisor({
      quiet: options.quiet ?? false,
      onRestart: (name, code, tail) =>
        log(
          `↻ ${name} exited (${code ?? 'signal'}); restarting it. Its last output:\n${tail.slice(-10).join('\n')}`,
        ),
      onExit: (name, code, tail) => {
        log(`✗ ${name} exited (${code ?? 'signal'}); stopping the platform`);
        if (started) options.onCrash?.(name, code);
        else
          failStartup(
            new Error(
              `${name} exited with code ${code ?? 'signal'} during startup; its last output:\n${tail.join('\n')}`,
            ),
          );
      },
    });
    cleanups.push(() => supervisor.stop());
    processes.forEach((p, i) => supervisor.start(p, i));
    await step(
      Promise.race([
        Promise.all(processes.map((p) => waitForHealthy(p.healthUrl, 120_000))),
        startupFailed,
      ]),
    );
    started = true;

    return { gatewayUrl, adminWebUrl, oidcIssuer, kafkaBrokers, processes, redisUp, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
