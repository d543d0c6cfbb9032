// Checking what a UserInterfaceMixin plugin answers (pure: no I/O). Each feature needs a key
// (unique in the answer), a title, an optional icon id and height, and a source: a same-origin
// path under the plugin's own /plugin/<slug>/ routes that one of its public GET routes serves
// (the app loads it in an iframe, which sends no token). Any bad feature refuses the whole answer.
import type { InvenTreePlugin } from '../../plugin.js';
import { AppPathError, appPath, pluginPrefix } from '../app-path.js';
import { routesOf } from '../urls/mixin.js';
import { matchRoute } from '../urls/route-matcher.js';

/** An answer that cannot be served; the message says which feature and why. */
export class UiFeatureError extends Error {}

export interface CheckedFeature {
  key: string;
  title: string;
  icon: string | null;
  source: string;
  height: number | null;
}

const MAX_FEATURES = 50;
const MAX_TITLE = 200;
const MAX_HEIGHT = 4000;

/** Whether a public GET route of the plugin serves `pathname` (already under its prefix). */
function servedByPublicRoute(plugin: InvenTreePlugin, pathname: string): 'ok' | 'no-route' | 'not-public' {
  const rest = pathname.slice(pluginPrefix(plugin.slug).length);
  let found: 'no-route' | 'not-public' = 'no-route';
  for (const route of routesOf(plugin)) {
    if ((route.method ?? 'GET') !== 'GET' || !matchRoute(route.path, rest)) continue;
    if (route.access === 'public') return 'ok';
    found = 'not-public';
  }
  return found;
}

function checkSource(plugin: InvenTreePlugin, source: unknown, at: string): string {
  let path: string;
  try {
    path = appPath(source, plugin.slug, { underPlugin: true });
  } catch (e) {
    if (e instanceof AppPathError) throw new UiFeatureError(`${at}: source ${e.message}`);
    throw e;
  }
  const pathname = path.split(/[?#]/, 1)[0]!;
  const served = servedByPublicRoute(plugin, pathname);
  if (served === 'no-route')
    throw new UiFeatureError(`${at}: source ${pathname} is not served by a GET route of the plugin (UrlsMixin)`);
  if (served === 'not-public')
    throw new UiFeatureError(
      `${at}: source ${pathname} is served by a route that needs a token; panel pages load in an iframe without one, so give the route access: 'public'`,
    );
  return path;
}

/** Checks a plugin's answer (`what` e.g. "getUiPanels(PART)"); throws UiFeatureError naming the feature. */
export function checkUiFeatures(plugin: InvenTreePlugin, answer: unknown, what: string): CheckedFeature[] {
  if (answer === null || answer === undefined) return [];
  if (!Array.isArray(answer)) throw new UiFeatureError(`${what} must answer a list of { key, title, source }`);
  if (answer.length > MAX_FEATURES) throw new UiFeatureError(`${what} answered more than ${MAX_FEATURES} items`);
  const keys = new Set<string>();
  return answer.map((feature: Record<string, unknown> | null, i) => {
    let at = `${what}[${i}]`;
    if (typeof feature !== 'object' || feature === null)
      throw new UiFeatureError(`${at} must be an object { key, title, source, icon?, height? }`);
    const { key, title, icon = null, height = null, source } = feature;
    if (typeof key !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(key))
      throw new UiFeatureError(`${at}: key must be 1-64 letters, digits, ".", "_" or "-"`);
    at = `${what} "${key}"`;
    if (keys.has(key)) throw new UiFeatureError(`${at}: key is used twice`);
    keys.add(key);
    if (typeof title !== 'string' || !title.trim() || title.length > MAX_TITLE)
      throw new UiFeatureError(`${at}: title must be a non-empty string of at most ${MAX_TITLE} characters`);
    if (icon !== null && (typeof icon !== 'string' || !/^[A-Za-z0-9:_.-]{1,100}$/.test(icon)))
      throw new UiFeatureError(`${at}: icon must be an icon id such as "prefix:name"`);
    if (height !== null && (!Number.isInteger(height) || (height as number) < 1 || (height as number) > MAX_HEIGHT))
      throw new UiFeatureError(`${at}: height must be an integer from 1 to ${MAX_HEIGHT}`);
    return {
      key,
      title: title.trim(),
      icon: icon as string | null,
      source: checkSource(plugin, source, at),
      height: height as number | null,
    };
  });
}
