// The run-time half of a mixin (InvenTree's `_activate_mixin` / `_deactivate_mixin`): what happens
// in a server process when a plugin using the mixin starts or stops running there, what it gives
// to schema composition, and the staff GraphQL it adds. The registry walks MIXIN_ORDER (order.ts)
// and calls these hooks; it knows no mixin by name. Hooks run only in a server (a MixinHost), never
// in the CLI, which validates changes without running plugins.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config.js';
import type { MikroORM } from '../../db/orm.js';
import type { SchemaClass } from '../../graphql/build.js';
import type { AppServices } from '../../graphql/context.js';
import type { RouteHandler } from '../../server/http.js';
import type { SchemaContribution } from '../composition/contribution.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { RegistryStage } from '../registry/records.js';
import type { PluginRegistryView } from '../registry/view.js';

/** What a mixin's run-time half can reach of the server process it runs in. */
export interface MixinHost {
  readonly config: AppConfig;
  readonly orm: MikroORM;
  /** The server's services (events, jobs...), present when their modules run. */
  readonly services: AppServices;
  /** The running plugins, read-only. */
  readonly plugins: PluginRegistryView;
  /** Serves a plain HTTP route handler next to /graphql (tried in mount order). */
  mountRoute(handler: RouteHandler): void;
  /** A global plugin switch (ENABLE_PLUGINS_*); unknown or unset switches read as on. */
  isSwitchOn(key: string): Promise<boolean>;
  /** Records a problem on the plugin's record (shown in `plugins { errors }`) and logs it. */
  reportError(pluginKey: string, stage: RegistryStage, message: string): void;
}

/**
 * What a prepare hook gets: a transaction that holds the registry's advisory lock (so no other
 * process prepares or toggles plugins meanwhile) and the server's ORM. Throwing rolls it back.
 */
export interface PrepareContext {
  readonly em: EntityManager;
  readonly orm: MikroORM;
}

export interface MixinLifecycle {
  /** The mixin name its factory declares (e.g. 'schedule'). */
  readonly name: string;
  /** The global switch that turns the mixin's effect off for every plugin (e.g. ENABLE_PLUGINS_SCHEDULE). */
  readonly globalSwitch?: string;
  /** Staff GraphQL resolver classes added to the base schema (present whatever plugins run). */
  readonly adminResolvers?: readonly SchemaClass[];
  /** Once per server process, before any plugin is attached. */
  setup?(host: MixinHost): void | Promise<void>;
  /** Once per server process at shutdown, after every plugin was detached. */
  teardown?(host: MixinHost): void | Promise<void>;
  /** A plugin using this mixin started running in this process. */
  attach?(plugin: InvenTreePlugin, host: MixinHost): void | Promise<void>;
  /** A plugin using this mixin stopped running in this process. */
  detach?(plugin: InvenTreePlugin, host: MixinHost): void | Promise<void>;
  /**
   * Before a plugin starts running in a process (activation, start-up, a change from another
   * process), in MIXIN_ORDER, before its schema contribution goes live; also in the CLI. Must be
   * idempotent (every process runs it). Throwing keeps the plugin inactive, recorded at `prepareStage`.
   */
  prepare?(plugin: InvenTreePlugin, ctx: PrepareContext): Promise<void>;
  /** The stage a failing prepare is recorded at (default 'activation'). */
  readonly prepareStage?: RegistryStage;
  /**
   * What the plugin gives to schema composition; called while planning an active set, only when
   * the mixin's global switch is on. Throws when the plugin's declaration cannot be read.
   */
  contribute?(plugin: InvenTreePlugin): SchemaContribution | null;
}
