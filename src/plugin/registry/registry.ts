// The plugin registry (InvenTree's `registry`): the one place that changes which plugins run. State
// is derived from the SORTED set of active keys in PluginConfig plus the schema-shaping switches,
// so processes converge instead of ping-ponging. Every change goes through one serial queue here
// and a Postgres advisory lock across processes; a change is planned first (planner.ts) and
// applied only when accepted, so a refused toggle changes nothing.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from '../../config.js';
import type { User } from '../../db/entities/index.js';
import type { MikroORM } from '../../db/orm.js';
import { raiseEvent, triggerEvent } from '../../events/trigger.js';
import type { SchemaClass } from '../../graphql/build.js';
import { badInput } from '../../graphql/errors.js';
import { logger } from '../../log.js';
import type { SchemaChangeReason } from '../../usage/history.js';
import type { ComposeResult } from '../composition/compose.js';
import type { InvenTreePlugin } from '../plugin.js';
import { discoverPlugins } from './catalog.js';
import { ChangeFeed } from './change-feed.js';
import {
  lockPluginState,
  markForced,
  NOTIFY_CHANNEL,
  readConfigs,
  writeActive,
  type ConfigRow,
} from './config-store.js';
import { MixinHooks, needsPrepare, prepareMixins } from './mixin-hooks.js';
import { Planner, type KeyedError, type Plan } from './planner.js';
import { RegistryPreviews, type SchemaPreview } from './previews.js';
import { RegistryReader } from './reader.js';
import type { RegistryError, RegistryStage } from './records.js';
import { installedStamp, installRoot } from './installed.js';
import { installPluginResolveHook } from './resolve-hook.js';
import { GlobalSwitches } from './switches.js';
import { checkToggle, refusalOf } from './toggle-rules.js';
import { gracedPlugins, type GraceWindow } from './grace.js';
import { breakingChangeError, breakingEventData, checkGuard, type ToggleGuardReport } from './toggle-guard.js';
import type { ChangeSource, RegistryOptions, RegistryServerHost, RegistryStartOptions } from './start-options.js';
import { readOnlyView, type PluginRegistryView } from './view.js';

const log = logger('plugins');

export type { ChangeSource, RegistryOptions, RegistryServerHost, RegistryStartOptions } from './start-options.js';
export type { BuildInfo } from './reader.js';
export type { SchemaPreview } from './previews.js';

/** Why a schema was put in service, and by whom (the schema history keeps it). */
interface ApplyCause {
  reason: SchemaChangeReason;
  username: string | null;
}

export interface ActivateOptions {
  /** Proceed even when PLUGIN_TOGGLE_GUARD is block and operations would break (audited as forced). */
  force?: boolean;
  /** Receives what the guard found (not called when the guard is off or nothing changes). */
  onGuard?: (report: ToggleGuardReport) => void;
}

interface Started {
  config: AppConfig;
  orm: MikroORM;
  baseResolvers: readonly SchemaClass[];
  server: RegistryServerHost | undefined;
  hooks: MixinHooks;
  feed: ChangeFeed | undefined;
}

export class PluginRegistry extends RegistryReader {
  /** Identifies this process's NOTIFYs so it ignores its own. */
  readonly origin = randomUUID();
  /** The read-only view plugins get (partgraph/plugin's `registry`). */
  readonly view: PluginRegistryView = readOnlyView(this);
  readonly switches = new GlobalSwitches();
  #started: Started | undefined;
  #planner: Planner;
  /** The signature of what runs here (planner.ts signatureOf). */
  #runningSig: string | null = null;
  /** The schema the running set composed to (what previews compare against). */
  #schema: GraphQLSchema | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  /** installedStamp() at the last discovery: a change (another process installed) re-runs discovery. */
  #installed = '';
  /** Rebuilds when the earliest deprecation grace runs out. */
  #graceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RegistryOptions = {}) {
    super(() => this.config.pluginsEnabled);
    this.#planner = new Planner({
      catalog: this.catalog,
      switches: this.switches,
      orm: () => this.#state.orm,
      services: () => this.#state.server?.services,
      baseResolvers: () => this.#state.baseResolvers,
    });
  }

  /** Discovers, creates PluginConfig rows, loads the active set and (in a server) serves its schema. */
  async start(opts: RegistryStartOptions): Promise<void> {
    if (this.#started) await this.stop();
    const hooks = new MixinHooks(
      opts.server?.mixinHost(this.view, (key, stage, message) => this.reportError(key, stage, message)),
      (key, message) => this.reportError(key, 'activation', message),
    );
    this.#started = {
      config: opts.config,
      orm: opts.orm,
      baseResolvers: opts.baseResolvers,
      server: opts.server,
      hooks,
      feed: undefined,
    };
    this.clearState();
    this.#runningSig = null;
    this.#schema = undefined;
    installPluginResolveHook();
    await this.#serial(async () => {
      await this.#discover();
      if (opts.activate !== false)
        await this.#applyFromDatabase({ force: true, cause: { reason: 'start-up', username: null } });
    });
    // After the first apply, so the mixins set up against the active set (schedules are
    // reconciled with it); the plugins' attach hooks run after setup.
    await hooks.setup();
    await hooks.settled();
    this.catalog.warmAuthorship();
    if (!opts.server) return;
    const feed = new ChangeFeed({
      databaseUrl: opts.server.databaseUrl,
      origin: this.origin,
      pollMs: this.options.pollMs ?? 10_000,
      onChange: ({ discover }) =>
        void this.syncFromDatabase({ discover }).catch((e) =>
          log.error('applying plugin changes from the database failed', e),
        ),
    });
    this.#started.feed = feed;
    await feed.start();
  }

  async stop(): Promise<void> {
    const started = this.#started;
    if (!started) return;
    clearTimeout(this.#graceTimer);
    await started.feed?.stop();
    await this.#queue.catch(() => undefined);
    await started.hooks.teardown();
    this.#started = undefined;
  }

  get #state(): Started {
    if (!this.#started) throw new Error('the plugin registry has not been started');
    return this.#started;
  }

  get config(): AppConfig {
    return this.#state.config;
  }

  /** The database of the started registry (plugins reach it through the stable API only). */
  get orm(): MikroORM {
    return this.#state.orm;
  }

  #fork(): EntityManager {
    return this.#state.orm.em.fork() as EntityManager;
  }

  /** Runs state changes one at a time, in call order. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #discover(): Promise<void> {
    this.#installed = await installedStamp(installRoot(this.config));
    const found = await discoverPlugins(this.config, this.options.packagesDir);
    // A changed (re-imported) class gets a fresh chance.
    const changed = new Set(this.catalog.replace(found.records));
    this.problems.forgetFailures((key) => changed.has(key));
    this.problems.setDiscoveryErrors(found.errors);
    await this.catalog.syncRows(this.#fork());
  }

  /** Composes core + the given plugins' contributions (benchmarks time this alone). */
  async compose(plugins: InvenTreePlugin[]): Promise<ComposeResult> {
    return this.#planner.compose(await this.#planner.contributionsOf(plugins));
  }

  #graced(target: Iterable<string>, em?: EntityManager, justDisabled?: string): Promise<Map<string, GraceWindow>> {
    return gracedPlugins(em ?? this.#fork(), this.catalog, target, justDisabled);
  }

  /** In a server: rebuild when the first grace runs out (every process does the same). */
  #armGraceTimer(graced: ReadonlyMap<string, GraceWindow>): void {
    clearTimeout(this.#graceTimer);
    if (!graced.size || !this.#state.server) return;
    const first = Math.min(...[...graced.values()].map((w) => w.until.getTime()));
    this.#graceTimer = setTimeout(
      () => void this.syncFromDatabase().catch((e) => log.error('ending a deprecation grace failed', e)),
      Math.min(Math.max(first - Date.now() + 50, 0), 2 ** 31 - 1),
    );
    this.#graceTimer.unref();
  }

  #apply(plan: Plan, cause: ApplyCause, graced: ReadonlyMap<string, GraceWindow> = new Map()): void {
    const { hooks, server } = this.#state;
    this.#armGraceTimer(graced);
    const previous = this.running;
    this.running = plan.running;
    this.#runningSig = plan.signature;
    this.#schema = plan.compose.schema;
    for (const record of this.catalog.records()) record.instance = plan.running.get(record.key) ?? null;
    this.problems.forgetFailures((key) => plan.running.has(key) || !plan.target.includes(key));
    this.#recordBuild(plan);
    if (server)
      this.build!.hash = server.swapSchema(plan.compose.schema, plan.compose.ms, {
        ...cause,
        activeKeys: [...plan.running.keys()],
        switches: plan.switches,
      }).hash;
    for (const [key, plugin] of previous) if (plan.running.get(key) !== plugin) hooks.stopped(plugin);
    for (const [key, plugin] of plan.running) if (previous.get(key) !== plugin) hooks.started(plugin);
  }

  #recordBuild(plan: Plan): void {
    for (const failure of plan.failures.values()) this.problems.setFailure(failure);
    this.attribution = plan.compose.attribution;
    this.problems.setBuildError(plan.buildError);
    this.build = { at: new Date(), ms: plan.compose.ms, hash: null };
  }

  #targetFromRows(rows: ConfigRow[]): string[] {
    return [...rows.filter((r) => r.active).map((r) => r.key), ...this.catalog.mandatoryKeys()];
  }

  /** Plugins the plan starts here (new instances) whose mixins have a prepare hook. */
  #toPrepare(plan: Plan): Array<[string, InvenTreePlugin]> {
    return [...plan.running].filter(([key, plugin]) => this.running.get(key) !== plugin && needsPrepare(plugin));
  }

  /**
   * Runs the prepare hooks (AppMixin: migrations) of the plugins the plan starts, each in a
   * savepoint of `em`'s transaction (which holds the advisory lock): a failure undoes only that
   * plugin's work. Returns the failures; the caller re-plans without those plugins.
   */
  async #prepare(plan: Plan, em: EntityManager): Promise<Map<string, KeyedError>> {
    const failed = new Map<string, KeyedError>();
    for (const [key, plugin] of this.#toPrepare(plan)) {
      const undo = new Error('prepare failed');
      await em
        .transactional(async (inner) => {
          const failure = await prepareMixins(plugin, { em: inner as EntityManager, orm: this.orm });
          if (!failure) return;
          failed.set(key, { key, path: this.catalog.get(key)?.candidate.path ?? '', ...failure });
          throw undo;
        })
        .catch((e: unknown) => {
          if (e !== undo) throw e;
        });
    }
    for (const f of failed.values()) this.problems.report(f.key, f.path, f.stage, f.message);
    return failed;
  }

  /** Reads the active set from PluginConfig and applies it unless (without force) this process runs it already. */
  async #applyFromDatabase({ force, cause }: { force: boolean; cause: ApplyCause }): Promise<void> {
    const rows = await readConfigs(this.#fork());
    this.catalog.noteRows(rows);
    const target = this.#targetFromRows(rows);
    const graced = await this.#graced(target);
    if (!force && (await this.#planner.signatureFor(target, graced)) === this.#runningSig) return;
    let plan = await this.#planner.plan(target, this.running, { graced });
    if (this.#toPrepare(plan).length) {
      const failed = await this.#fork().transactional(async (em) => {
        await lockPluginState(em);
        // The rows were read before the lock: another process may have deactivated (and purged)
        // a plugin since. Never run a plugin's migrations unless it is still active under the lock.
        const fresh = this.#targetFromRows(await readConfigs(em));
        if (fresh.length !== target.length || fresh.some((k) => !target.includes(k))) return null;
        return this.#prepare(plan, em);
      });
      if (!failed) return this.#applyFromDatabase({ force, cause });
      if (failed.size) plan = await this.#planner.plan(target, this.running, { excluded: failed, graced });
    }
    this.#apply(plan, cause, graced);
    log.info(`active plugins: ${[...this.running.keys()].join(', ') || '(none)'}`);
  }

  /**
   * Picks up changes made by other processes (NOTIFY or poll). Cheap when nothing changed.
   * Re-runs discovery when asked (`discover`: a package was installed or uninstalled elsewhere) or
   * when the installed-packages folder changed since the last discovery.
   */
  syncFromDatabase({ discover = false }: { discover?: boolean } = {}): Promise<void> {
    if (!this.#started) return Promise.resolve();
    const cause: ApplyCause = { reason: 'sync', username: null };
    return this.#serial(async () => {
      if (discover || (await installedStamp(installRoot(this.config))) !== this.#installed) {
        this.catalog.forgetAuthorship();
        await this.#discover();
        this.catalog.warmAuthorship();
        await this.#applyFromDatabase({ force: true, cause });
        return;
      }
      await this.#applyFromDatabase({ force: false, cause });
    });
  }

  /** Builds the schema from the running plugins: the server's schema builder (any app.rebuildSchema()). */
  buildSchema(): Promise<GraphQLSchema> {
    return this.#serial(async () => {
      const keys = [...this.running.keys()];
      const plan = await this.#planner.plan(keys, this.running, { graced: await this.#graced(keys) });
      this.#recordBuild(plan);
      return plan.compose.schema;
    });
  }

  /**
   * Turns a plugin on or off: persists PluginConfig.active with an audit row, an event and a
   * NOTIFY in one transaction, and (in a server) swaps in the rebuilt schema before returning.
   * Refused with BAD_USER_INPUT, changing nothing, when the plugin cannot run or its schema
   * does not compose. Resolves to whether the plugin now runs in this process.
   */
  activate(
    key: string,
    active: boolean,
    actor: User | null,
    source: ChangeSource,
    opts: ActivateOptions = {},
  ): Promise<boolean> {
    return this.#serial(async () => {
      const record = this.catalog.get(key);
      checkToggle(key, active, record, this.catalog, this.problems);
      let plan: Plan | null = null;
      let refusal: RegistryError | null = null;
      let unprepared: KeyedError | undefined;
      let guard: ToggleGuardReport | null = null;
      let graced = new Map<string, GraceWindow>();
      const force = opts.force === true;
      await this.#fork()
        .transactional(async (em) => {
          await lockPluginState(em);
          const rows = await readConfigs(em);
          const row = rows.find((r) => r.key === key);
          if (!row) throw badInput(`Unknown plugin "${key}"`, 'key');
          const target = new Set(this.#targetFromRows(rows));
          if (active) target.add(key);
          else target.delete(key);
          const unchanged = row.active === active && this.running.has(key) === active;
          if (
            unchanged &&
            (await this.#planner.signatureFor(target, await this.#graced(target, em))) === this.#runningSig
          )
            return;
          if (row.active !== active) {
            await writeActive(em, { key, from: row.active, to: active, user: actor, source }, this.origin);
            await triggerEvent(
              em,
              active ? 'plugin.activated' : 'plugin.deactivated',
              { key, active, source },
              { model: 'pluginconfig', instanceId: key, user: actor },
            );
          }
          if (!record) return; // a missing plugin: only its row changes
          // Read in this transaction: a plugin turned off now starts its grace at this audit row.
          graced = await this.#graced(target, em);
          let next = await this.#planner.plan(target, this.running, { graced });
          // Before the refusal check: a plugin whose prepare (migrations) fails must not run.
          const failed = await this.#prepare(next, em);
          unprepared = failed.get(key);
          if (unprepared)
            throw badInput(`Plugin "${key}" cannot be activated: [${unprepared.stage}] ${unprepared.message}`, 'key');
          if (failed.size) next = await this.#planner.plan(target, this.running, { excluded: failed, graced });
          refusal = refusalOf(key, active, {
            running: this.running,
            target,
            next,
            pathOf: (k) => this.catalog.get(k)?.candidate.path ?? '',
          });
          if (refusal)
            throw badInput(
              `Plugin "${key}" cannot be ${active ? 'activated' : 'deactivated'}: ${refusal.message}`,
              'key',
            );
          guard = await checkGuard(em, await this.#servedSchema(rows), next.compose.schema, force);
          if (guard?.blocked) throw breakingChangeError(key, active, guard);
          // Audited as forced only when force overrode a refusal.
          if (row.active !== active && guard?.mode === 'block' && guard.broken.length) await markForced(em, key);
          if (guard?.broken.length)
            await triggerEvent(em, 'plugin.breaking_change', breakingEventData(key, active, guard), {
              model: 'pluginconfig',
              instanceId: key,
              user: actor,
            });
          plan = next;
        })
        .catch(async (e: unknown) => {
          if (refusal?.key === key) this.problems.setFailure({ ...refusal, key });
          if (unprepared) this.problems.setFailure(unprepared);
          const refused = guard as ToggleGuardReport | null;
          if (refused?.blocked)
            await raiseEvent(this.#state.orm, 'plugin.breaking_change', breakingEventData(key, active, refused), {
              model: 'pluginconfig',
              instanceId: key,
              user: actor,
            }).catch((err: unknown) => log.error('recording plugin.breaking_change failed', err));
          throw e;
        });
      if (guard) opts.onGuard?.(guard);
      if (plan) this.#apply(plan, { reason: 'toggle', username: actor?.username ?? null }, graced);
      log.info(`plugin ${key} ${active ? 'activated' : 'deactivated'} by ${actor?.username ?? source}`);
      return this.running.has(key);
    });
  }

  /**
   * Re-runs discovery when `collect` (new and changed files appear; changed modules are
   * re-imported), refreshes PluginConfig rows and rebuilds from the active set.
   */
  reload({
    collect,
    actor,
    reason,
  }: {
    collect: boolean;
    actor?: User | null;
    /** For the schema history (default reload, or switch without collect); an installer passes install. */
    reason?: SchemaChangeReason;
  }): Promise<void> {
    return this.#serial(async () => {
      if (collect) {
        this.catalog.forgetAuthorship();
        await this.#discover();
        this.catalog.warmAuthorship();
      }
      await this.#applyFromDatabase({
        force: true,
        cause: { reason: reason ?? (collect ? 'reload' : 'switch'), username: actor?.username ?? null },
      });
    });
  }

  /**
   * The schema the configured set (PluginConfig rows) composes to: what a change is compared with,
   * so a change made by another process and not yet applied here is not blamed on this one. The
   * served schema when this process is in sync (always in a server at rest), else planned.
   */
  async #servedSchema(rows?: ConfigRow[]): Promise<GraphQLSchema> {
    const target = this.#targetFromRows(rows ?? (await readConfigs(this.#fork())));
    const graced = await this.#graced(target);
    if (this.#schema && (await this.#planner.signatureFor(target, graced)) === this.#runningSig) return this.#schema;
    return (await this.#planner.plan(target, this.running, { graced })).compose.schema;
  }

  /** Plans turning `key` on or off against the configured set, changing nothing. */
  previewToggle(key: string, active: boolean): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews().toggle(key, active));
  }

  /** Plans what reloadPlugins({ collect: true }) would serve (files discovered again), changing nothing. */
  previewReload(): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews().reload());
  }

  /** Plans a change of a schema-shaping global switch (ENABLE_PLUGINS_GRAPHQL), changing nothing. */
  previewSwitch(key: string, on: boolean): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews().globalSwitch(key, on));
  }

  #previews(): RegistryPreviews {
    const state = this.#state;
    return new RegistryPreviews({
      config: state.config,
      packagesDir: this.options.packagesDir,
      catalog: this.catalog,
      switches: this.switches,
      planner: this.#planner,
      plannerDeps: {
        switches: this.switches,
        orm: () => state.orm,
        services: () => state.server?.services,
        baseResolvers: () => state.baseResolvers,
      },
      running: () => this.running,
      readRows: () => readConfigs(this.#fork()),
      targetFromRows: (rows) => this.#targetFromRows(rows),
      graced: (target, justDisabled) => this.#graced(target, undefined, justDisabled),
      configuredSchema: (rows) => this.#servedSchema(rows),
    });
  }

  /** A global switch that shapes the schema changed: rebuild here and tell other processes. */
  async settingsChanged(): Promise<void> {
    await this.reload({ collect: false });
    await this.#fork().execute('select pg_notify(?, ?)', [
      NOTIFY_CHANNEL,
      JSON.stringify({ origin: this.origin, settings: true }),
    ]);
  }

  /** Records a problem found while running a plugin (e.g. its schedule was refused); shown on its record. */
  reportError(key: string, stage: RegistryStage, message: string): void {
    this.problems.report(key, this.catalog.get(key)?.candidate.path ?? '', stage, message);
  }
}
