import { z } from 'zod';

/** A relying party registered with the dev provider (confidential client, `client_secret_basic`). */
export const ZDevOidcClient = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
  postLogoutRedirectUris: z.array(z.url()).default([]),
});
export type TDevOidcClient = z.input<typeof ZDevOidcClient>;

/** A person who can sign in. `mfa: true` adds the one-time-code step and the MFA `amr`/`acr`. */
export const ZDevOidcUser = z.object({
  sub: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  password: z.string().min(1),
  mfa: z.boolean(),
});
export type TDevOidcUser = z.infer<typeof ZDevOidcUser>;

export const DEFAULT_ACCESS_TOKEN_AUDIENCE = 'urn:badge:gateway';
export const DEFAULT_OTP_CODE = '123456';
export const DEFAULT_AMR_WHEN_MFA = ['pwd', 'otp'];
export const DEFAULT_ACR_WHEN_MFA = 'urn:badge:acr:mfa';
export const DEFAULT_ACR_WITHOUT_MFA = 'urn:badge:acr:pwd';

export const ZDevOidcOptions = z.object({
  /** Port to listen on; 0 picks a free one (the issuer then uses the real port). */
  port: z.number().int().min(0).max(65_535),
  /** Interface to bind. Default 127.0.0.1: this is a development tool, not a network service. */
  host: z.string().default('127.0.0.1'),
  /** Issuer URL. Default `http://localhost:<port>`. Must be where browsers and RPs reach us. */
  issuer: z.url().optional(),
  clients: z.array(ZDevOidcClient).min(1),
  users: z.array(ZDevOidcUser).min(1),
  /**
   * Resource indicator (RFC 8707) and `aud` of the JWT access tokens. Used when the client sends
   * no `resource` parameter, so any OIDC client gets tokens the gateway can verify.
   */
  accessTokenAudience: z
    .string()
    .refine((v) => URL.canParse(v), 'must be an absolute URI (RFC 8707)')
    .default(DEFAULT_ACCESS_TOKEN_AUDIENCE),
  /** `amr` of a login that passed the one-time-code step. Password-only logins get `['pwd']`. */
  amrWhenMfa: z.array(z.string().min(1)).min(1).default(DEFAULT_AMR_WHEN_MFA),
  /** `acr` of a login that passed the one-time-code step. */
  acr: z.string().min(1).default(DEFAULT_ACR_WHEN_MFA),
  /** `acr` of a password-only login. */
  acrWithoutMfa: z.string().min(1).default(DEFAULT_ACR_WITHOUT_MFA),
  /** The one-time code every MFA user must enter (development only, fixed on purpose). */
  otpCode: z.string().min(1).default(DEFAULT_OTP_CODE),
  accessTokenTtlSeconds: z.number().int().positive().default(600),
  idTokenTtlSeconds: z.number().int().positive().default(3600),
  refreshTokenTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  sessionTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(8 * 3600),
});
export type TDevOidcOptions = z.input<typeof ZDevOidcOptions>;
export type TResolvedDevOidcOptions = z.output<typeof ZDevOidcOptions>;
