// The HTTP front door: /graphql (Apollo), /health/live, /health/ready (and /health, an alias of
// ready), and extra route handlers (plugin routes). A small integration of our own instead of
// Apollo's standalone server, so we control the body size limit, share the port with graphql-ws
// and mount plugin routes. Every request runs in a request scope (id + client address) and
// every response carries its id as `x-request-id`. The web admin's pages and bundles come from
// src/server/web-assets.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLContext } from '../graphql/context.js';
import { newRequestId, requestScope } from '../graphql/request-scope.js';
import { logger } from '../log.js';
import { clientAddress } from './client-address.js';
import type { HealthReport } from './health.js';
import { wantsHtml, type WebAssets } from './web-assets.js';

const log = logger('http');

/** Returns true when it handled the request. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

export interface HttpHandlerOptions {
  apollo: ApolloServer<GraphQLContext>;
  /** Builds the request context; runs inside the request's query-count scope. */
  context: (req: IncomingMessage) => Promise<GraphQLContext>;
  /** Wraps the whole GraphQL execution (used for the per-request SQL counter scope). */
  runInScope: <T>(fn: () => Promise<T>) => Promise<T>;
  maxBodyBytes: number;
  routes: RouteHandler[];
  /** Database and job queue checks; 503 when one is down. */
  ready: () => Promise<HealthReport>;
  /** TRUST_PROXY: how many proxies' X-Forwarded-For entries to trust. */
  trustProxyHops: number;
  /** The web admin and GraphiQL (src/server/web-assets.ts); absent = JSON API only. */
  web?: WebAssets;
}

export function createHttpHandler(opts: HttpHandlerOptions) {
  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let body: unknown;
    if (req.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, opts.maxBodyBytes);
      } catch (e) {
        if (e instanceof BodyTooLargeError) {
          res.setHeader('connection', 'close');
          return graphqlError(
            res,
            413,
            'PAYLOAD_TOO_LARGE',
            `Request body exceeds the limit of ${opts.maxBodyBytes} bytes`,
          );
        }
        throw e;
      }
      const type = req.headers['content-type'] ?? '';
      if (!type.includes('application/json')) {
        return graphqlError(res, 415, 'BAD_REQUEST', 'POST /graphql needs "Content-Type: application/json"');
      }
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        return graphqlError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const response = await opts.runInScope(() =>
      opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: url.search, body },
        context: () => opts.context(req),
      }),
    );
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  async function ready(res: ServerResponse): Promise<void> {
    const report = await opts.ready();
    sendJson(res, report.status === 'ok' ? 200 : 503, report, { 'cache-control': 'no-store' });
  }

  async function dispatch(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const web = opts.web;
      if (url.pathname === '/graphql') {
        // A browser opening /graphql (Accept: text/html) gets the offline GraphiQL where Apollo would
        // send its CDN landing page; GET /graphql?query=... from API clients and POSTs still reach Apollo.
        if (web && wantsHtml(req)) return await web.sendPage(res, 'graphiql.html');
        return await graphql(req, res, url);
      }
      if (web && (await web.sendAsset(req, res, url))) return;
      if (url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' }, { 'cache-control': 'no-store' });
      if (url.pathname === '/health/ready' || url.pathname === '/health') return await ready(res);
      for (const route of opts.routes) if (await route(req, res, url)) return;
      // The app routes in the browser (history API): any other page a browser asks for is the app.
      if (web && wantsHtml(req)) return await web.sendPage(res, 'index.html');
      sendJson(res, 404, { error: `No route for ${req.method} ${url.pathname}. GraphQL is served at /graphql.` });
    } catch (e) {
      log.error(`unhandled error (request id ${requestId}) on ${req.method} ${req.url}`, e);
      if (!res.headersSent) sendJson(res, 500, { error: `Internal server error (request id ${requestId})`, requestId });
      else res.end();
    }
  }

  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = newRequestId();
    res.setHeader('x-request-id', id);
    return requestScope.run({ id, clientAddress: clientAddress(req, opts.trustProxyHops) }, () =>
      dispatch(req, res, id),
    );
  };
}
