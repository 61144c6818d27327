import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { httpStatusFor, runReadiness, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';

export interface ProbeHandlers {
  /** Answers /health and /ready; returns false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Set while shutting down: /ready answers 503 so load balancers stop sending traffic. */
  markDraining(): void;
}

export function createProbeHandlers(options: {
  service: string;
  checks: () => readonly ReadinessCheck[];
}): ProbeHandlers {
  let draining = false;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  return {
    markDraining: () => {
      draining = true;
    },
    async handle(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health' || path === '/healthz') {
        send(res, 200, { status: 'ok', service: options.service });
        return true;
      }
      if (path === '/ready' || path === '/readyz') {
        if (draining) {
          send(res, 503, { status: 'fail', service: options.service, draining: true, checks: {} });
          return true;
        }
        const report = await runReadiness(options.checks());
        send(res, httpStatusFor(report.status), { service: options.service, ...report });
        return true;
      }
      return false;
    },
  };
}

export interface OpsServer {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  probes: ProbeHandlers;
}

/**
 * The ops port of every process: Prometheus `/metrics`, `/health` and `/ready`. It is separate
 * from the public port so metrics are never exposed through the ingress.
 */
export function createOpsServer(options: {
  service: string;
  port: number;
  host?: string;
  registry: Registry;
  checks: () => readonly ReadinessCheck[];
  logger: Logger;
}): OpsServer {
  const probes = createProbeHandlers(options);
  let server: Server | undefined;
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (await probes.handle(req, res)) return;
    if ((req.url ?? '').split('?')[0] === '/metrics') {
      const body = await options.registry.metrics();
      res.writeHead(200, { 'content-type': options.registry.contentType });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  };
  return {
    probes,
    async start() {
      server = createServer((req, res) => {
        handler(req, res).catch((err: unknown) => {
          options.logger.error({ err }, 'ops server request failed');
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      options.logger.info({ port }, 'ops server listening (/metrics, /health, /ready)');
      return { port };
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
