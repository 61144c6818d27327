import { z } from 'zod';
import { getEnvironment } from '../environment';

const ZReadiness = z.object({
  status: z.string(),
  checks: z.record(
    z.string(),
    z.object({
      status: z.string(),
      critical: z.boolean(),
      error: z.string().optional(),
      ms: z.number(),
    }),
  ),
});

export type TReadiness =
  (z.infer<typeof ZReadiness> & { reachable: true }) | { reachable: false; error: string };

/**
 * The gateway's /ready report: its own dependencies (Redis) and each subgraph's readiness
 * (which covers their PostgreSQL). Unreachable gateway → reported, not thrown.
 */
export async function gatewayReadiness(): Promise<TReadiness> {
  try {
    const response = await fetch(new URL('/ready', getEnvironment().GATEWAY_URL), {
      signal: AbortSignal.timeout(3_000),
      cache: 'no-store',
    });
    const parsed = ZReadiness.safeParse(await response.json());
    if (!parsed.success)
      return { reachable: false, error: `unexpected answer (${response.status})` };
    return { ...parsed.data, reachable: true };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : String(err) };
  }
}
