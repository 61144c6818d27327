export { startDevOidc, type DevOidc } from './start-dev-oidc.js';
export {
  DEFAULT_ACCESS_TOKEN_AUDIENCE,
  DEFAULT_ACR_WHEN_MFA,
  DEFAULT_ACR_WITHOUT_MFA,
  DEFAULT_AMR_WHEN_MFA,
  DEFAULT_OTP_CODE,
  ZDevOidcClient,
  ZDevOidcOptions,
  ZDevOidcUser,
  type TDevOidcClient,
  type TDevOidcOptions,
  type TDevOidcUser,
} from './options.js';
export { signInHeadless, type SignInHeadlessInput, type TokenSet } from './sign-in-headless.js';
export { DEV_ADMIN, DEV_NO_MFA_USER } from './dev-users.js';
