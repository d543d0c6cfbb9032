// UrlsMixin (InvenTree's UrlsMixin): a plugin serves plain HTTP routes under /plugin/<slug>/,
// e.g. webhooks from devices. Routes are served only while the plugin is active (lifecycle.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../../../db/entities/index.js';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';
import { normalizePath } from './route-matcher.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, any signed-in user (default), or staff. */
export type RouteAccess = 'public' | 'user' | 'staff';

export interface PluginRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Values of `:name` segments in the route path. */
  params: Record<string, string>;
  /** The signed-in user (null on a public route called without a token). */
  user: User | null;
  /** The plugin serving the route (also `this` in a non-arrow handler): `plugin.data`, `plugin.getSetting(...)`. */
  plugin: InvenTreePlugin;
  /** The request body (size-limited like GraphQL requests). */
  body(): Promise<Buffer>;
  /** The body parsed as JSON; a malformed body answers 400 for you. */
  json<T = unknown>(): Promise<T>;
}

export interface PluginRoute {
  /** Default GET. */
  method?: HttpMethod;
  /** Relative to /plugin/<slug>/, e.g. '' (the root), 'webhook', 'items/:id'. */
  path: string;
  /** Default 'user'. 'staff' admits staff and superusers. */
  access?: RouteAccess;
  /**
   * Returns the response body: an object is sent as JSON (200), a string as text/plain,
   * undefined sends 204 unless the handler wrote to `res` itself.
   */
  handler(request: PluginRequest): unknown | Promise<unknown>;
}

interface UrlsStatics {
  URLS?: readonly PluginRoute[];
}

interface WithRoutes {
  setupUrls?: () => readonly PluginRoute[];
}

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const ACCESS = new Set<string>(['public', 'user', 'staff']);

/** The plugin's routes, or [] when it has no UrlsMixin. */
export function routesOf(plugin: InvenTreePlugin): readonly PluginRoute[] {
  if (!plugin.hasMixin('urls')) return [];
  const setup = (plugin as InvenTreePlugin & WithRoutes).setupUrls;
  return typeof setup === 'function' ? setup.call(plugin) : [];
}

function validateRoutes(plugin: InvenTreePlugin, routes: readonly PluginRoute[]): void {
  const who = `plugin '${plugin.key}' (UrlsMixin)`;
  if (!Array.isArray(routes) || routes.length === 0)
    throw new MixinImplementationError(`${who} declares no routes: set URLS`);
  const seen = new Set<string>();
  for (const r of routes) {
    if (typeof r?.path !== 'string' || typeof r.handler !== 'function')
      throw new MixinImplementationError(`${who}: every URLS entry needs a string path and a handler function`);
    const method = r.method ?? 'GET';
    if (!METHODS.has(method))
      throw new MixinImplementationError(`${who}: route '${r.path}' has unknown method '${method}'`);
    if (r.access !== undefined && !ACCESS.has(r.access))
      throw new MixinImplementationError(
        `${who}: route '${r.path}' has unknown access '${r.access}' (public, user or staff)`,
      );
    const id = `${method} ${normalizePath(r.path)}`;
    if (seen.has(id)) throw new MixinImplementationError(`${who}: route ${id} is declared twice`);
    seen.add(id);
  }
}

/**
 * `class Hooks extends UrlsMixin(InvenTreePlugin) { static URLS = [{ method: 'POST', path: 'webhook', handler: ... }] }`
 * serves POST /plugin/<slug>/webhook while the plugin is active.
 */
export function UrlsMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Urls extends Base {
    static URLS: readonly PluginRoute[] = [];

    /** The routes to serve. Default: the static URLS; override to compute them (InvenTree's setup_urls). */
    setupUrls(): readonly PluginRoute[] {
      return (this.constructor as UrlsStatics).URLS ?? [];
    }

    /** The URL prefix of this plugin's routes (InvenTree's base_url). */
    get baseUrl(): string {
      return `/plugin/${this.slug}/`;
    }
  }
  registerMixin(Urls, {
    name: 'urls',
    humanName: 'URLs',
    validate(plugin) {
      validateRoutes(plugin, routesOf(plugin));
    },
  });
  return Urls;
}
