import { z } from 'zod';
import { parseEnv, subgraphEnvSchema } from '@badge/service-kit';

const ZUserEnv = subgraphEnvSchema(4004).extend({
  /**
   * OIDC subjects that become active super admins on their first sign-in (bootstrapping an empty
   * installation). Everyone else starts PENDING until an admin grants a role.
   */
  ADMIN_BOOTSTRAP_SUBJECTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
});
export type UserEnv = z.infer<typeof ZUserEnv>;

export const loadEnvironment = (): UserEnv => parseEnv(ZUserEnv, process.env);
