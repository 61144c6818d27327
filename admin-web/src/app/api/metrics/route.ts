import { connection } from 'next/server';
import { getMetrics } from '../../../server/metrics';

/** Prometheus scrape endpoint (process default metrics + sign-in/refresh counters). */
export async function GET(): Promise<Response> {
  await connection();
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
