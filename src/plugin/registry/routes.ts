// Serves UrlsMixin routes under /plugin/<slug>/ for ACTIVE plugins only: the lookup happens per
// request, so deactivating a plugin stops its routes at once (404), with no re-mounting.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticate } from '../../auth/authenticate.js';
import { logger } from '../../log.js';
import type { App } from '../../server/app.js';
import { BodyTooLargeError, readBody, sendJson } from '../../server/http.js';
import { normalizePath, routesOf, type PluginRequest, type PluginRoute } from '../mixins/urls.js';
import type { PluginRegistry } from './registry.js';

const log = logger('plugins');
const PREFIX = '/plugin/';

/** Matches `items/:id` against `items/42`; returns the params or null. */
function match(pattern: string, rest: string): Record<string, string> | null {
  const want = normalizePath(pattern).split('/').filter(Boolean);
  const got = rest.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, seg] of want.entries()) {
    const value = got[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(value);
    else if (seg !== value) return null;
  }
  return params;
}

class BadJson extends Error {}

function send(res: ServerResponse, result: unknown): void {
  if (res.writableEnded || res.headersSent) return;
  if (result === undefined) {
    res.writeHead(204).end();
  } else if (typeof result === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(result) }).end(result);
  } else {
    sendJson(res, 200, result);
  }
}

export function mountPluginRoutes(app: App, registry: PluginRegistry): void {
  app.routes.push(async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!url.pathname.startsWith(PREFIX)) return false;
    const [slug = '', ...restParts] = url.pathname.slice(PREFIX.length).split('/');
    const plugin = registry.getPlugin(slug);
    if (!plugin || !plugin.hasMixin('urls') || !(await registry.urlsEnabled())) {
      sendJson(res, 404, { error: `No active plugin serves ${url.pathname}` });
      return true;
    }
    const rest = restParts.join('/');
    const method = req.method ?? 'GET';
    let route: PluginRoute | undefined;
    let params: Record<string, string> | null = null;
    let pathMatched = false;
    for (const r of routesOf(plugin)) {
      const p = match(r.path, rest);
      if (!p) continue;
      pathMatched = true;
      if ((r.method ?? 'GET') === method) {
        route = r;
        params = p;
        break;
      }
    }
    if (!route || !params) {
      sendJson(res, pathMatched ? 405 : 404, { error: pathMatched ? `${method} is not allowed on ${url.pathname}` : `Plugin "${slug}" has no route ${url.pathname}` });
      return true;
    }
    const access = route.access ?? 'user';
    let user = null;
    try {
      user = (await authenticate(app.orm.em.fork() as EntityManager, req.headers.authorization)).user;
    } catch (e) {
      sendJson(res, 401, { error: (e as Error).message, code: 'UNAUTHENTICATED' });
      return true;
    }
    if (access !== 'public' && !user) {
      sendJson(res, 401, { error: 'Sign in: send "Authorization: Bearer <token>"', code: 'UNAUTHENTICATED' });
      return true;
    }
    if (access === 'staff' && !user?.isStaff) {
      sendJson(res, 403, { error: `Staff only: ${url.pathname}`, code: 'FORBIDDEN' });
      return true;
    }
    let body: Promise<Buffer> | undefined;
    const request: PluginRequest = {
      req,
      res,
      url,
      params,
      user,
      body: () => (body ??= readBody(req, app.config.maxBodyBytes)),
      json: async <T>() => {
        const raw = (await request.body()).toString('utf8');
        try {
          return JSON.parse(raw) as T;
        } catch {
          throw new BadJson('Request body is not valid JSON');
        }
      },
    };
    try {
      send(res, await route.handler(request));
    } catch (e) {
      if (e instanceof BodyTooLargeError) sendJson(res, 413, { error: 'Request body too large', code: 'PAYLOAD_TOO_LARGE' });
      else if (e instanceof BadJson) sendJson(res, 400, { error: e.message, code: 'BAD_USER_INPUT' });
      else {
        log.error(`plugin ${slug}: route ${method} ${url.pathname} failed`, e);
        if (!res.headersSent) sendJson(res, 500, { error: `Plugin "${slug}" failed to handle the request` });
        else res.end();
      }
    }
    return true;
  });
}
