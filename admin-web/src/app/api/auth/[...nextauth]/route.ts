import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from '../../../../auth/auth-options';

// next-auth's endpoints (/api/auth/signin/myid, /callback/myid, /session, /csrf, …). Options are
// built on the first request, from the environment (not at build time).
async function handler(
  request: NextRequest,
  context: { params: Promise<{ nextauth: string[] }> },
): Promise<Response> {
  return (await NextAuth(request, context, getAuthOptions())) as Response;
}

export { handler as GET, handler as POST };
