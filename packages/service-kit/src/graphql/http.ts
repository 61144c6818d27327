import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HeaderMap,
  type ApolloServer,
  type BaseContext,
  type ContextFunction,
} from '@apollo/server';
import { AppError, isAppError } from '../errors.js';

/** Request bodies above this are refused with 413 before parsing (DESIGN.md §5 size limits). */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError('BAD_USER_INPUT', `request body larger than ${maxBytes} bytes`, { status: 413 });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading; the 413 is sent with `connection: close`, which drops the rest.
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * A minimal node:http integration of Apollo Server 5 (what `startStandaloneServer` does), so the
 * same server can also answer /health and /ready and enforce a body limit.
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: ContextFunction<[{ req: IncomingMessage }], TContext>,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  transformBody?: (body: unknown, req: IncomingMessage) => unknown,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (req.method === 'POST') {
    let raw: string;
    try {
      raw = await readBody(req, maxBodyBytes);
    } catch (err) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(
        JSON.stringify({
          errors: [{ message: (err as Error).message, extensions: { code: 'BAD_REQUEST' } }],
        }),
      );
      return;
    }
    const contentType = headers.get('content-type') ?? '';
    if (contentType.includes('application/json') && raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [
              { message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
            ],
          }),
        );
        return;
      }
    } else {
      body = raw;
    }
  }
  if (transformBody) {
    try {
      body = transformBody(body, req);
    } catch (err) {
      if (!isAppError(err)) throw err;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ errors: [{ message: err.message, extensions: { code: err.code } }] }),
      );
      return;
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => context({ req }),
  });
  const outHeaders: Record<string, string> = {};
  for (const [key, value] of result.headers) outHeaders[key] = value;
  res.writeHead(result.status ?? 200, outHeaders);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
