// What starting a plugin registry takes: the server it runs in (absent in the CLI), the database,
// the base schema's resolvers, and options for discovery and the change feed.
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from '../../config.js';
import type { User } from '../../db/entities/index.js';
import type { MikroORM } from '../../db/orm.js';
import type { SchemaChangeReason, SchemaVersionInfo } from '../../usage/history.js';
import type { SchemaClass } from '../../graphql/build.js';
import type { AppServices } from '../../graphql/context.js';
import type { MixinHost } from '../mixins/lifecycle.js';
import type { ChangeFeed } from './change-feed.js';
import type { MixinHooks } from './mixin-hooks.js';
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

/** What a started registry holds (registry.ts). */
export interface StartedRegistry {
  config: AppConfig;
  orm: MikroORM;
  baseResolvers: readonly SchemaClass[];
  server: RegistryServerHost | undefined;
  hooks: MixinHooks;
  feed: ChangeFeed | undefined;
}

/** Why a schema was put in service, and by whom (the schema history keeps it). */
export interface ApplyCause {
  reason: SchemaChangeReason;
  username: string | null;
}

export interface ReloadOptions {
  /** Discover again (new and changed plugin files). */
  collect: boolean;
  actor?: User | null;
  /** For the schema history (default reload, or switch without collect); an installer passes install. */
  reason?: SchemaChangeReason;
}
