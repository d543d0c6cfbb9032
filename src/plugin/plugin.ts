// The base class of every plugin (InvenTree's InvenTreePlugin). Metadata is declared as static
// members with InvenTree's names; the registry reads them without running plugin code.
import { PluginData } from './data/service.js';
import { mixinDefinition, mixinsOf } from './mixins/class-marks.js';
import { runtimeOf } from './runtime.js';

export interface PluginMetadata {
  NAME: string;
  SLUG?: string;
  TITLE?: string;
  DESCRIPTION?: string;
  AUTHOR?: string;
  PUBLISH_DATE?: string | Date;
  WEBSITE?: string;
  VERSION?: string;
  LICENSE?: string;
  MIN_VERSION?: string;
  MAX_VERSION?: string;
}

/** Lower-case, URL-safe slug (InvenTree's slugify). */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// A module function, not a private member: mixin factories return anonymous subclasses, and
// declaration emit (the SDK's types, sdk/) cannot describe private or #private members of those.
function metaOf(plugin: InvenTreePlugin): PluginMetadata & { pluginKey(): string } {
  return plugin.constructor as unknown as PluginMetadata & { pluginKey(): string };
}
const dataApis = new WeakMap<InvenTreePlugin, PluginData>();

export abstract class InvenTreePlugin {
  /** Used as a general reference to the plugin. Classes with an empty NAME are not plugins. */
  static NAME = '';
  /** Used in URLs and settings; defaults to slugify(NAME). */
  static SLUG?: string;
  /** Human-friendly name; defaults to NAME. */
  static TITLE?: string;
  static DESCRIPTION?: string;
  /** Defaults to the last git commit's author of the plugin's file or package. */
  static AUTHOR?: string;
  /** Defaults to the last git commit's date of the plugin's file or package. */
  static PUBLISH_DATE?: string | Date;
  static WEBSITE?: string;
  static VERSION?: string;
  static LICENSE?: string;
  /** Lowest PartGraph version supported (semver). */
  static MIN_VERSION?: string;
  /** Highest PartGraph version supported (semver). */
  static MAX_VERSION?: string;

  /** The registry key: slugified SLUG or NAME, from class attributes only. */
  static pluginKey(this: { SLUG?: string; NAME: string }): string {
    return slugify(this.SLUG || this.NAME);
  }

  get key(): string {
    return metaOf(this).pluginKey();
  }

  get slug(): string {
    return this.key;
  }

  get name(): string {
    return metaOf(this).NAME;
  }

  get title(): string {
    return metaOf(this).TITLE || metaOf(this).NAME;
  }

  /**
   * The data API: typed reads and validated, event-raising writes of parts, categories, stock
   * locations and stock items (docs/plugins.md "Reading and writing data"). Usable once the
   * registry runs the plugin (not in its constructor).
   */
  get data(): PluginData {
    let data = dataApis.get(this);
    if (!data) {
      const runtime = runtimeOf(this);
      data = new PluginData(() => runtime);
      dataApis.set(this, data);
    }
    return data;
  }

  /** Mixin names this plugin declares (e.g. ['settings', 'graphql']). */
  get mixins(): readonly string[] {
    return mixinsOf(this.constructor);
  }

  hasMixin(name: string): boolean {
    return this.mixins.includes(name);
  }

  /** Declared, and the mixin's own check (if any) says it is in use. */
  mixinEnabled(name: string): boolean {
    if (!this.hasMixin(name)) return false;
    const def = mixinDefinition(name);
    return def?.enabled ? def.enabled(this) : true;
  }
}

/**
 * Members the framework relies on. A plugin class overriding one is refused at discovery
 * (InvenTree keeps the same rule).
 */
export const FINAL_MEMBERS = ['key', 'slug', 'name', 'title', 'mixins', 'hasMixin', 'mixinEnabled'] as const;
