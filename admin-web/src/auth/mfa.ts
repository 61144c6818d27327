/** Which `amr`/`acr` values count as multi-factor authentication (from OIDC_MFA_AMR / OIDC_MFA_ACR). */
export interface MfaPolicy {
  amr: readonly string[];
  acr: readonly string[];
}

export interface AuthenticationClaims {
  amr?: unknown;
  acr?: unknown;
}

/** The authentication methods in an `amr` claim (RFC 8176), tolerating a single string. */
export function readAmr(claims: AuthenticationClaims): string[] {
  if (typeof claims.amr === 'string') return [claims.amr];
  if (!Array.isArray(claims.amr)) return [];
  return claims.amr.filter((value): value is string => typeof value === 'string');
}

export function readAcr(claims: AuthenticationClaims): string | undefined {
  return typeof claims.acr === 'string' ? claims.acr : undefined;
}

/**
 * True when the ID token proves a second factor: any `amr` method in the policy's list, or an
 * `acr` the policy accepts. Absent or malformed claims are not evidence.
 */
export function hasMfaEvidence(claims: AuthenticationClaims, policy: MfaPolicy): boolean {
  if (readAmr(claims).some((method) => policy.amr.includes(method))) return true;
  const acr = readAcr(claims);
  return acr !== undefined && policy.acr.includes(acr);
}
