// NavigationMixin (InvenTree's NavigationMixin): a plugin adds entries to the web app's
// navigation with `static NAVIGATION = [{ name, link, icon }]`. Entries are checked when the plugin
// loads (a bad one is a MixinNotImplementedError naming the plugin, so the plugin never runs):
// `name` non-empty; `link` a relative path (resolved under the plugin's routes /plugin/<slug>/) or
// an app path starting with '/', never a scheme (javascript:, https:) or another origin.
// Only active plugins' entries are served (`uiNavigation`, admin.ts).
import { MixinNotImplementedError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { AppPathError, appPath } from '../app-path.js';
import { registerMixin, type PluginClass } from '../declare.js';

/** One navigation entry as a plugin declares it. */
export interface NavigationEntry {
  /** The label shown in the navigation. */
  name: string;
  /** 'page' (= /plugin/<slug>/page) or an app path such as '/parts'. */
  link: string;
  /** An icon id, e.g. 'uisample:star' from an IconPackMixin pack. */
  icon?: string | null;
}

/** An entry as served: the link resolved to a path on this server. */
export interface NavigationItem {
  name: string;
  link: string;
  icon: string | null;
}

const MAX_NAME = 100;
const MAX_ICON = 100;
const MAX_ENTRIES = 50;

interface NavigationStatics {
  NAVIGATION?: unknown;
}

/** Checks one plugin's declared entries and resolves their links; throws naming the plugin. */
export function navigationItems(plugin: InvenTreePlugin, entries: unknown): NavigationItem[] {
  const who = `plugin '${plugin.key}' (NavigationMixin)`;
  if (!Array.isArray(entries)) throw new MixinNotImplementedError(`${who}: NAVIGATION must be a list of entries`);
  if (entries.length > MAX_ENTRIES)
    throw new MixinNotImplementedError(`${who}: NAVIGATION has more than ${MAX_ENTRIES} entries`);
  return entries.map((entry: Partial<NavigationEntry> | null, i) => {
    const at = `${who}: NAVIGATION[${i}]`;
    if (typeof entry !== 'object' || entry === null)
      throw new MixinNotImplementedError(`${at} must be an object { name, link, icon? }`);
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (!name) throw new MixinNotImplementedError(`${at} needs a non-empty name`);
    if (name.length > MAX_NAME) throw new MixinNotImplementedError(`${at}: name is longer than ${MAX_NAME}`);
    const icon = entry.icon ?? null;
    if (icon !== null && (typeof icon !== 'string' || !/^[A-Za-z0-9:_.-]{1,100}$/.test(icon)))
      throw new MixinNotImplementedError(
        `${at}: icon must be an icon id such as "prefix:name" (letters, digits, ":_.-", at most ${MAX_ICON})`,
      );
    let link: string;
    try {
      link = appPath(entry.link, plugin.slug);
    } catch (e) {
      if (e instanceof AppPathError) throw new MixinNotImplementedError(`${at}: link ${e.message}`);
      throw e;
    }
    return { name, link, icon };
  });
}

/** The plugin's navigation (resolved), or [] when it has no NavigationMixin. */
export function navigationOf(plugin: InvenTreePlugin): NavigationItem[] {
  if (!plugin.hasMixin('navigation')) return [];
  return navigationItems(plugin, (plugin.constructor as NavigationStatics).NAVIGATION ?? []);
}

/**
 * `class P extends NavigationMixin(UrlsMixin(InvenTreePlugin)) { static NAVIGATION = [{ name: 'Labels', link: 'page', icon: 'ti:tag' }] }`
 * adds "Labels" → /plugin/<slug>/page to the app's navigation while the plugin is active.
 */
export function NavigationMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Navigation extends Base {
    /** The entries: `{ name, link, icon? }` (InvenTree's NAVIGATION). */
    static NAVIGATION: readonly NavigationEntry[] = [];
  }
  registerMixin(Navigation, {
    name: 'navigation',
    humanName: 'Navigation',
    validate(plugin) {
      navigationOf(plugin);
    },
    // InvenTree's has_navigation: the mixin is in use when there are entries.
    enabled: (plugin) => navigationOf(plugin).length > 0,
  });
  return Navigation;
}
