/** next-auth provider id of MYID: callback URL is `${NEXTAUTH_URL}/api/auth/callback/myid`. */
export const PROVIDER_ID = 'myid';
