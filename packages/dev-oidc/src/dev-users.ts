import type { TDevOidcUser } from './options.js';

/** The default development admin: password + one-time code (MFA). */
export const DEV_ADMIN: TDevOidcUser = {
  sub: 'dev-admin',
  email: 'admin@example.com',
  name: 'Dev Admin',
  password: 'admin',
  mfa: true,
};

/** A user without MFA: the console must refuse them. */
export const DEV_NO_MFA_USER: TDevOidcUser = {
  sub: 'dev-nomfa',
  email: 'nomfa@example.com',
  name: 'No MFA User',
  password: 'nomfa',
  mfa: false,
};
