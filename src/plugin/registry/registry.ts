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
import { logger } from '../../log.js';
import type { ComposeResult } from '../composition/compose.js';
import type { InvenTreePlugin } from '../plugin.js';
import { ChangeFeed } from './change-feed.js';
import { notifySettingsChanged, readConfigs, type ConfigRow } from './config-store.js';
import { GraceTimer, gracedPlugins, type GraceWindow } from './grace.js';
import { RegistryDiscovery } from './discovery.js';
import type { RegistryInternals } from './internals.js';
import { MixinHooks } from './mixin-hooks.js';
import { Planner, type Plan } from './planner.js';
import { prepareUnderLock, toPrepare } from './prepare.js';
import { RegistryPreviews, type SchemaPreview } from './previews.js';
import { RegistryReader } from './reader.js';
import type { RegistryStage } from './records.js';
import { installPluginResolveHook } from './resolve-hook.js';
import type {
  ApplyCause,
  ChangeSource,
  RegistryOptions,
  RegistryStartOptions,
  ReloadOptions,
  StartedRegistry,
} from './start-options.js';
import { GlobalSwitches } from './switches.js';
import { commitToggle, type ActivateOptions } from './toggle.js';
import { readOnlyView, type PluginRegistryView } from './view.js';

const log = logger('plugins');

export type {
  ChangeSource,
  RegistryOptions,
  RegistryServerHost,
  RegistryStartOptions,
  ReloadOptions,
} from './start-options.js';
export type { BuildInfo } from './reader.js';
export type { SchemaPreview } from './previews.js';
export type { ActivateOptions } from './toggle.js';

export class PluginRegistry extends RegistryReader {
  /** Identifies this process's NOTIFYs so it ignores its own. */
  readonly origin = randomUUID();
  /** The read-only view plugins get (partgraph/plugin's `registry`). */
  readonly view: PluginRegistryView = readOnlyView(this);
  readonly switches = new GlobalSwitches();
  #started: StartedRegistry | undefined;
  #planner: Planner;
  /** The signature of what runs here (planner.ts signatureOf). */
  #runningSig: string | null = null;
  /** The schema the running set composed to (what previews compare against). */
  #schema: GraphQLSchema | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #discovery: RegistryDiscovery;
  /** Rebuilds when the earliest deprecation grace runs out. */
  #graceTimer = new GraceTimer();
  /** What toggle.ts, prepare.ts and previews.ts read (internals.ts). */
  #internals: RegistryInternals;
  #previews: RegistryPreviews;

  constructor(private readonly options: RegistryOptions = {}) {
    super(() => this.config.pluginsEnabled);
    const plannerDeps = {
      switches: this.switches,
      orm: () => this.#state.orm,
      services: () => this.#state.server?.services,
      baseResolvers: () => this.#state.baseResolvers,
    };
    this.#planner = new Planner({ ...plannerDeps, catalog: this.catalog });
    this.#discovery = new RegistryDiscovery(this.catalog, this.problems, options.packagesDir);
    this.#internals = {
      catalog: this.catalog,
      problems: this.problems,
      planner: this.#planner,
      origin: this.origin,
      orm: () => this.#state.orm,
      fork: () => this.#fork(),
      running: () => this.running,
      runningSig: () => this.#runningSig,
      targetFromRows: (rows) => this.#targetFromRows(rows),
      graced: (target, em, justDisabled) => this.#graced(target, em, justDisabled),
      servedSchema: () => this.#schema,
    };
    this.#previews = new RegistryPreviews({
      internals: this.#internals,
      config: () => this.config,
      packagesDir: options.packagesDir,
      switches: this.switches,
      plannerDeps,
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
    this.#graceTimer.clear();
    await started.feed?.stop();
    await this.#queue.catch(() => undefined);
    await started.hooks.teardown();
    this.#started = undefined;
  }

  get #state(): StartedRegistry {
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

  #discover(again = false): Promise<void> {
    return this.#discovery.run(this.config, this.#fork(), { again });
  }

  /** Composes core + the given plugins' contributions from scratch, nothing reused (benchmarks time this alone). */
  async compose(plugins: InvenTreePlugin[]): Promise<ComposeResult> {
    return this.#planner.compose(await this.#planner.contributionsOf(plugins), { fresh: true });
  }

  #graced(target: Iterable<string>, em?: EntityManager, justDisabled?: string): Promise<Map<string, GraceWindow>> {
    return gracedPlugins(em ?? this.#fork(), this.catalog, target, justDisabled);
  }

  #apply(plan: Plan, cause: ApplyCause, graced: ReadonlyMap<string, GraceWindow> = new Map()): void {
    const { hooks, server } = this.#state;
    // In a server: rebuild when the first grace runs out (every process does the same).
    this.#graceTimer.arm(server ? graced : new Map(), () =>
      this.syncFromDatabase().catch((e) => log.error('ending a deprecation grace failed', e)),
    );
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

  /** Reads the active set from PluginConfig and applies it unless (without force) this process runs it already. */
  async #applyFromDatabase({ force, cause }: { force: boolean; cause: ApplyCause }): Promise<void> {
    const rows = await readConfigs(this.#fork());
    this.catalog.noteRows(rows);
    const target = this.#targetFromRows(rows);
    const graced = await this.#graced(target);
    if (!force && (await this.#planner.signatureFor(target, graced)) === this.#runningSig) return;
    let plan = await this.#planner.plan(target, this.running, { graced });
    if (toPrepare(plan, this.running).length) {
      // The rows were read before the lock: null when another process changed the set since.
      const failed = await prepareUnderLock(this.#internals, plan, target);
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
      const rediscover = discover || (await this.#discovery.installedChanged(this.config));
      if (rediscover) await this.#discover(true);
      await this.#applyFromDatabase({ force: rediscover, cause });
    });
  }

  /** Builds the schema from the running plugins: the server's schema builder (any app.rebuildSchema()). */
  buildSchema(): Promise<GraphQLSchema> {
    return this.#serial(async () => {
      const keys = [...this.running.keys()];
      const plan = await this.#planner.plan(keys, this.running, { graced: await this.#graced(keys), fresh: true });
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
      const { plan, graced, guard } = await commitToggle(this.#internals, { key, active, actor, source, opts });
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
  reload({ collect, actor, reason }: ReloadOptions): Promise<void> {
    return this.#serial(async () => {
      if (collect) await this.#discover(true);
      await this.#applyFromDatabase({
        force: true,
        cause: { reason: reason ?? (collect ? 'reload' : 'switch'), username: actor?.username ?? null },
      });
    });
  }

  /** Plans turning `key` on or off against the configured set, changing nothing. */
  previewToggle(key: string, active: boolean): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews.toggle(key, active));
  }

  /** Plans what reloadPlugins({ collect: true }) would serve (files discovered again), changing nothing. */
  previewReload(): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews.reload());
  }

  /** Plans a change of a schema-shaping global switch (ENABLE_PLUGINS_GRAPHQL), changing nothing. */
  previewSwitch(key: string, on: boolean): Promise<SchemaPreview> {
    return this.#serial(() => this.#previews.globalSwitch(key, on));
  }

  /** A global switch that shapes the schema changed: rebuild here and tell other processes. */
  async settingsChanged(): Promise<void> {
    await this.reload({ collect: false });
    await notifySettingsChanged(this.#fork(), this.origin);
  }

  /** Records a problem found while running a plugin (e.g. its schedule was refused); shown on its record. */
  reportError(key: string, stage: RegistryStage, message: string): void {
    this.problems.report(key, this.catalog.get(key)?.candidate.path ?? '', stage, message);
  }
}
