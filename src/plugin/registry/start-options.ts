// What starting a plugin registry takes: the server it runs in (absent in the CLI), the database,
// the base schema's resolvers, and options for discovery and the change feed.
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from '../../config.js';
import type { MikroORM } from '../../db/orm.js';
import type { SchemaVersionInfo } from '../../usage/history.js';
import type { SchemaClass } from '../../graphql/build.js';
import type { AppServices } from '../../graphql/context.js';
import type { MixinHost } from '../mixins/lifecycle.js';
import type { PluginRegistryView } from './view.js';

export type ChangeSource = 'graphql' | 'cli' | 'startup' | string;

/** What a server gives the registry; absent in the CLI (which validates changes, never swaps). */
export interface RegistryServerHost {
  /** For the change feed's LISTEN connection. */
  databaseUrl: string;
  /** Serves a new schema; returns its hash. `info` says why (kept in the schema history). */
  swapSchema(schema: GraphQLSchema, buildMs: number, info?: SchemaVersionInfo): { hash: string };
  /** What the mixins' run-time halves reach (built around this registry's read-only view). */
  mixinHost(view: PluginRegistryView, reportError: MixinHost['reportError']): MixinHost;
  /** The server's services, reached by running plugins (the data API binds their validators). */
  services?: AppServices;
}

export interface RegistryStartOptions {
  config: AppConfig;
  orm: MikroORM;
  /** The base schema's resolver classes (core + modules), composed under every plugin set. */
  baseResolvers: readonly SchemaClass[];
  server?: RegistryServerHost;
  /** false: discover and create PluginConfig rows only (CLI `plugins list`). Default true. */
  activate?: boolean;
}

export interface RegistryOptions {
  /** node_modules folder scanned for plugin packages (default: the server's, or PLUGIN_PACKAGES_DIR). */
  packagesDir?: string;
  /** Fallback poll for changes made by other processes (default 10 s; LISTEN/NOTIFY is the fast path). */
  pollMs?: number;
}
