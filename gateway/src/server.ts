import { createRuntime, runMain, type ReadinessCheck } from '@badge/service-kit';
import { createAdminAccessResolver } from './auth/admin-access.js';
import { createAuthenticator } from './auth/authenticate.js';
import { loadEnvironment } from './environment.js';
import { createGateway } from './gateway.js';
import { subgraphUrls } from './subgraphs.js';

/** A subgraph that does not answer degrades its fields; the gateway itself stays ready. */
const subgraphCheck = (name: string, url: string): ReadinessCheck => ({
  name: `subgraph:${name}`,
  critical: false,
  check: async () => {
    const res = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(1_500) });
    if (!res.ok) throw new Error(`answered ${res.status}`);
  },
});

runMain('gateway', async () => {
  const env = loadEnvironment();
  const runtime = createRuntime('gateway', env);
  const urls = subgraphUrls(env);
  runtime.addChecks(...Object.entries(urls).map(([name, url]) => subgraphCheck(name, url)));

  const gateway = createGateway({
    urls,
    identitySecrets: env.INTERNAL_IDENTITY_SECRETS,
    timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    introspection: env.GRAPHQL_INTROSPECTION,
    logger: runtime.logger,
    metrics: runtime.metrics,
    checks: () => runtime.checks(),
    authenticate: createAuthenticator({
      issuer: env.OIDC_ISSUER,
      audience: env.OIDC_AUDIENCE,
      mfaAmr: env.OIDC_MFA_AMR,
      mfaAcr: env.OIDC_MFA_ACR,
      clockToleranceS: env.OIDC_CLOCK_TOLERANCE_S,
      resolveAdmin: createAdminAccessResolver({
        userSubgraphUrl: urls.user!,
        identitySecrets: env.INTERNAL_IDENTITY_SECRETS,
      }),
    }),
  });
  runtime.onDraining(() => gateway.markDraining());
  runtime.shutdown.on('drain', 'gateway', () => gateway.stop());
  await gateway.start(env.PORT);
  await runtime.start();
});
