import { connection } from 'next/server';

/** Liveness: the process serves requests. (No dependency checks: MYID down must not restart us.) */
export async function GET(): Promise<Response> {
  await connection();
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
