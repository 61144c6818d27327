// What the console keeps in the encrypted session cookie (JWT) and what it shows to the browser.
// Tokens live only in the JWT; the Session that client code can fetch never carries them.
export {};

declare module 'next-auth/jwt' {
  interface JWT {
    /** ID token of the sign-in (id_token_hint for RP-initiated logout). */
    idToken?: string;
    accessToken?: string;
    /** Epoch seconds. */
    accessTokenExpiresAt?: number;
    refreshToken?: string;
    amr?: string[];
    acr?: string;
    /** Set only when the ID token carried MFA evidence (see auth/mfa.ts). */
    mfa?: boolean;
    error?: 'RefreshAccessTokenError';
  }
}

declare module 'next-auth' {
  interface Session {
    mfa: boolean;
    amr: string[];
    acr?: string;
    error?: 'RefreshAccessTokenError';
  }
}
