// `pnpm --filter @badge/subgraph-user job:reencrypt`: moves users' PII to the current
// FIELD_ENCRYPTION_KEYS key (see reencrypt-users.ts). Exit code 0 when everything is on the
// current key, 1 when some rows failed or remain under unknown keys.
import { createLogger } from '@badge/service-kit';
import { connectForJob } from '../db.js';
import { resolvePiiCrypto } from '../crypto/keys.js';
import { loadEnvironment } from '../environment.js';
import { reencryptUsers } from './reencrypt-users.js';

const env = loadEnvironment();
const logger = createLogger({
  name: 'user-reencrypt',
  level: env.LOG_LEVEL,
  pretty: env.LOG_PRETTY,
});
const { prisma, repositories } = connectForJob(env);
try {
  const { cipher } = resolvePiiCrypto(env, logger);
  const summary = await reencryptUsers({
    repository: repositories.users,
    cipher,
    knownKeyIds: env.FIELD_ENCRYPTION_KEYS?.map((k) => k.id) ?? [cipher.currentKeyId],
    logger,
  });
  logger.info({ ...summary, currentKeyId: cipher.currentKeyId }, 're-encryption finished');
  process.exitCode = summary.failed > 0 || summary.unknownKey > 0 ? 1 : 0;
} catch (err) {
  logger.fatal({ err }, 're-encryption failed');
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
