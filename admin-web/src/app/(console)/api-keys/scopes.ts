/** The partner scopes the gateway knows (see docs/partners.md). */
export const API_KEY_SCOPES = [
  'read:badges',
  'read:users',
  'read:grants',
  'read:redemption',
  'write:redemption',
] as const;
