// Shapes the registry keeps per discovered plugin. Internal: plugin authors use src/plugin/index.ts.
import type { InvenTreePlugin } from '../plugin.js';

export type PluginSource = 'builtin' | 'package' | 'folder' | 'sample';

/**
 * Where a problem happened: finding/reading the class, constructing it, activating it (its mixins'
 * attach hooks), composing its schema, preparing its data (a mixin's prepare hook: AppMixin migrations).
 */
export type RegistryStage = 'discovery' | 'load' | 'activation' | 'schema' | 'migrate';

export interface RegistryError {
  /** The plugin key, or null when the module failed before a key was known (import error). */
  key: string | null;
  /** The file or folder the plugin was found at. */
  path: string;
  stage: RegistryStage;
  message: string;
}

/** A concrete plugin class (InvenTreePlugin is abstract; discovered classes are not). */
export type PluginCtor = (new () => InvenTreePlugin) & typeof InvenTreePlugin;

/** Metadata as declared on the class, with InvenTree's defaults applied (SLUG, TITLE). */
export interface ResolvedMetadata {
  name: string;
  slug: string;
  title: string;
  description: string | null;
  author: string | null;
  publishDate: string | null;
  website: string | null;
  version: string | null;
  license: string | null;
  minVersion: string | null;
  maxVersion: string | null;
}

/** A module file to import, found by one discovery source. */
export interface Candidate {
  source: PluginSource;
  /** The file or folder the author placed (shown as `path`; used for git metadata). */
  path: string;
  /** The JavaScript file to import (differs from `path` for folders, packages and TS files). */
  entry: string;
  packageName: string | null;
}

export interface PluginRecord {
  key: string;
  cls: PluginCtor;
  candidate: Candidate;
  meta: ResolvedMetadata;
  mixins: readonly string[];
  compatible: boolean;
  isMandatory: boolean;
  /** Problems that stop the class from ever loading (final member override, version). */
  blocked: boolean;
  /** Non-fatal notices, e.g. the IntegrationPluginBase deprecation. */
  warnings: string[];
  /** Present only while the plugin is active (or mandatory). */
  instance: InvenTreePlugin | null;
}
