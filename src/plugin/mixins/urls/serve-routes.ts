// Serves UrlsMixin routes under /plugin/<slug>/ for ACTIVE plugins only: the lookup happens per
// request, so deactivating a plugin stops its routes at once (404), with no re-mounting.
// Access rules match GraphQL's: 'staff' admits staff and superusers (auth/guards.ts isStaff).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authenticate } from '../../../auth/authenticate.js';
import { isStaff } from '../../../auth/guards.js';
import { logger } from '../../../log.js';
import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../../../server/http.js';
import type { MixinHost } from '../lifecycle.js';
import { routesOf, type PluginRequest, type PluginRoute } from './mixin.js';
import { isWellFormedPath, matchRoute } from './route-matcher.js';

const log = logger('plugins');
export const ROUTE_PREFIX = '/plugin/';

class BadJson extends Error {}

function send(res: ServerResponse, result: unknown): void {
  if (res.writableEnded || res.headersSent) return;
  if (result === undefined) {
    res.writeHead(204).end();
  } else if (typeof result === 'string') {
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(result) })
      .end(result);
  } else {
    sendJson(res, 200, result);
  }
}

interface Matched {
  route: PluginRoute;
  params: Record<string, string>;
}

/** The route for this method and path; `pathMatched` tells 405 from 404 when there is none. */
function findRoute(
  routes: readonly PluginRoute[],
  method: string,
  rest: string,
): { found: Matched | null; pathMatched: boolean } {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchRoute(route.path, rest);
    if (!params) continue;
    pathMatched = true;
    if ((route.method ?? 'GET') === method) return { found: { route, params }, pathMatched };
  }
  return { found: null, pathMatched };
}

/** The HTTP handler the UrlsMixin mounts once per server process. */
export function pluginRouteHandler(host: MixinHost): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!url.pathname.startsWith(ROUTE_PREFIX)) return false;
    if (!isWellFormedPath(url.pathname)) {
      sendJson(res, 400, { error: 'Malformed percent-escape in the request path', code: 'BAD_REQUEST' });
      return true;
    }
    const [slug = '', ...restParts] = url.pathname.slice(ROUTE_PREFIX.length).split('/');
    const plugin = host.plugins.getPlugin(slug);
    if (!plugin?.hasMixin('urls') || !(await host.isSwitchOn('ENABLE_PLUGINS_URL'))) {
      sendJson(res, 404, { error: `No active plugin serves ${url.pathname}` });
      return true;
    }
    const method = req.method ?? 'GET';
    // The whole path decoded above, so no segment's escapes can be malformed here.
    const match = findRoute(routesOf(plugin), method, restParts.join('/'));
    if (!match.found) {
      const status = match.pathMatched ? 405 : 404;
      sendJson(res, status, {
        error: match.pathMatched
          ? `${method} is not allowed on ${url.pathname}`
          : `Plugin "${slug}" has no route ${url.pathname}`,
      });
      return true;
    }
    const { route, params } = match.found;
    const access = route.access ?? 'user';
    let user = null;
    try {
      user = (await authenticate(host.orm.em.fork() as EntityManager, req.headers.authorization)).user;
    } catch (e) {
      sendJson(res, 401, { error: (e as Error).message, code: 'UNAUTHENTICATED' });
      return true;
    }
    if (access !== 'public' && !user) {
      sendJson(res, 401, { error: 'Sign in: send "Authorization: Bearer <token>"', code: 'UNAUTHENTICATED' });
      return true;
    }
    if (access === 'staff' && !isStaff(user)) {
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
      plugin,
      body: () => (body ??= readBody(req, host.config.maxBodyBytes)),
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
      send(res, await route.handler.call(plugin, request));
    } catch (e) {
      if (e instanceof BodyTooLargeError)
        sendJson(res, 413, { error: 'Request body too large', code: 'PAYLOAD_TOO_LARGE' });
      else if (e instanceof BadJson) sendJson(res, 400, { error: e.message, code: 'BAD_USER_INPUT' });
      else {
        log.error(`plugin ${slug}: route ${method} ${url.pathname} failed`, e);
        if (!res.headersSent) sendJson(res, 500, { error: `Plugin "${slug}" failed to handle the request` });
        else res.end();
      }
    }
    return true;
  };
}
