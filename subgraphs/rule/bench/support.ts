import type { Identity } from '@badge/service-kit';

export { createLogger, Registry } from '@badge/service-kit';

/** The admin the benchmark publishes its rules as. */
export const identityFixture: Identity = {
  kind: 'admin',
  subject: 'bench',
  roles: [],
  permissions: ['rule:rule:write', 'rule:rule:publish'],
  scopes: [],
  mfa: true,
};
