// The plugin registry (InvenTree's `registry`): every discovered plugin, the running ones,
// the errors of each stage, and the one place that changes the active set. State is derived
// from the SORTED set of active keys in PluginConfig, so processes converge instead of
// ping-ponging, and every change of that set goes through one serial queue here plus a
// Postgres advisory lock across processes.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { AppConfig } from '../../config.js';
import type { MikroORM } from '../../db/orm.js';
import type { User } from '../../db/entities/index.js';
import { triggerEvent } from '../../events/trigger.js';
import { badInput } from '../../graphql/errors.js';
import { buildCoreSchema } from '../../graphql/core-schema.js';
import { logger } from '../../log.js';
import type { App } from '../../server/app.js';
import { assertValidSchema } from '../../server/schema-holder.js';
import type { InvenTreePlugin } from '../plugin.js';
import { composeSchema, contributionOf, type ComposeResult, type SchemaContribution } from '../schema/compose.js';
import { lockPluginState, NOTIFY_CHANNEL, readConfigs, upsertConfigs, writeActive, type ConfigRow } from './config-store.js';
import { scanCompiled, scanFolder, scanPackages, type DiscoveryResult } from './discover.js';
import { clearGitCache, gitMetadata, type GitMetadata } from './git.js';
import { describeError, instantiate } from './instantiate.js';
import { bindRuntime } from '../runtime.js';
import { ChangeListener } from './listener.js';
import { loadModule } from './load-module.js';
import { BUILTIN_DIR, DEFAULT_PACKAGES_DIR, SAMPLES_DIR } from './paths.js';
import { installPluginResolveHook } from './resolve-hook.js';
import type { Candidate, PluginCtor, PluginRecord, RegistryError } from './types.js';

const log = logger('plugins');

export type ChangeSource = 'graphql' | 'cli' | 'startup' | string;

export interface RegistryStartOptions {
  config: AppConfig;
  orm: MikroORM;
  /** The server to build schemas for; absent in the CLI (validates, never swaps). */
  app?: App;
  /** false: discover and create PluginConfig rows only (CLI `plugins list`). Default true. */
  activate?: boolean;
}

export interface RegistryOptions {
  /** node_modules folder scanned for plugin packages (default: the server's, or PLUGIN_PACKAGES_DIR). */
  packagesDir?: string;
  /** Fallback poll for changes made by other processes (default 10 s; LISTEN/NOTIFY is the fast path). */
  pollMs?: number;
}

/** Reads a boolean global setting (ENABLE_PLUGINS_URL...); undefined = not set. */
export type GlobalFlagReader = (key: string, fresh?: boolean) => Promise<boolean | undefined>;

/** Called when a plugin starts or stops running in this process (settings, events, schedules...). */
export type ActiveChangeListener = (plugin: InvenTreePlugin, active: boolean) => void | Promise<void>;

export interface BuildInfo {
  at: Date;
  ms: number;
  hash: string | null;
}

/** What a planned active set would look like; applied only if the change is accepted. */
interface Plan {
  target: string[];
  /** ENABLE_PLUGINS_GRAPHQL as read for this plan. */
  graphqlOn: boolean;
  running: Map<string, InvenTreePlugin>;
  failures: Map<string, RegistryError>;
  compose: ComposeResult;
  /** Set when composition failed as a whole and the core schema stands in. */
  buildError: RegistryError | null;
}

/** What a process runs: the sorted active keys and the GraphQL switch. */
function signature(sortedKeys: readonly string[], graphqlOn: boolean): string {
  return `${sortedKeys.join('\n')}\n#graphql=${graphqlOn}`;
}

/** Static `MANDATORY = true` is honoured for built-ins only. */
function isMandatory(cls: PluginCtor, c: Candidate): boolean {
  return c.source === 'builtin' && (cls as unknown as { MANDATORY?: unknown }).MANDATORY === true;
}

export class PluginRegistry {
  /** Identifies this process's NOTIFYs so it ignores its own. */
  readonly origin = randomUUID();
  #config: AppConfig | undefined;
  #orm: MikroORM | undefined;
  #app: App | undefined;
  #records = new Map<string, PluginRecord>();
  #discoveryErrors: RegistryError[] = [];
  /** Latest load / activation / schema failure per key; cleared once the plugin runs. */
  #failures = new Map<string, RegistryError>();
  /** A composition that failed as a whole (not attributable to one plugin). */
  #buildError: RegistryError | null = null;
  #running = new Map<string, InvenTreePlugin>();
  #targetSig: string | null = null;
  #missing: ConfigRow[] = [];
  #attribution = new Map<string, string[]>();
  #lastBuild: BuildInfo | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #listeners = new Set<ActiveChangeListener>();
  #changeListener: ChangeListener | undefined;
  #started = false;
  #flagReader: GlobalFlagReader | undefined;

  constructor(private readonly options: RegistryOptions = {}) {}

  // ---- life cycle -------------------------------------------------------------------------

  /** Discovers, creates PluginConfig rows, loads the active set and (with an app) builds the schema. */
  async start(opts: RegistryStartOptions): Promise<void> {
    if (this.#started) await this.stop();
    this.#config = opts.config;
    this.#orm = opts.orm;
    this.#app = opts.app;
    this.#reset();
    this.#started = true;
    installPluginResolveHook();
    await this.#serial(async () => {
      await this.#discover();
      await this.#syncRows();
      if (opts.activate !== false) await this.#applyFromDatabase(true);
    });
    this.#warmGitMetadata();
    const app = opts.app;
    if (!app) return;
    app.buildSchema = () => this.buildSchema();
    this.#changeListener = new ChangeListener({
      databaseUrl: app.databaseUrl,
      origin: this.origin,
      pollMs: this.options.pollMs ?? 10_000,
      onChange: () => void this.syncFromDatabase().catch((e) => log.error('applying plugin changes from the database failed', e)),
    });
    await this.#changeListener.start();
  }

  async stop(): Promise<void> {
    await this.#changeListener?.stop();
    this.#changeListener = undefined;
    await this.#queue.catch(() => undefined);
    this.#started = false;
    this.#app = undefined;
  }

  #reset(): void {
    this.#records = new Map();
    this.#discoveryErrors = [];
    this.#failures = new Map();
    this.#buildError = null;
    this.#running = new Map();
    this.#targetSig = null;
    this.#missing = [];
    this.#attribution = new Map();
    this.#lastBuild = null;
  }

  get config(): AppConfig {
    if (!this.#config) throw new Error('the plugin registry has not been started');
    return this.#config;
  }

  /** The database of the started registry (plugins reach it through the stable API only). */
  get orm(): MikroORM {
    if (!this.#orm) throw new Error('the plugin registry has not been started');
    return this.#orm;
  }

  get #em(): EntityManager {
    if (!this.#orm) throw new Error('the plugin registry has not been started');
    return this.#orm.em.fork() as EntityManager;
  }

  /** Runs state changes one at a time, in call order. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  // ---- discovery ----------------------------------------------------------------------------

  async #discover(): Promise<void> {
    const cfg = this.config;
    const found: DiscoveryResult = { candidates: [], errors: [] };
    await scanCompiled(BUILTIN_DIR, 'builtin', found);
    if (cfg.pluginsEnabled) {
      if (cfg.pluginTesting) await scanCompiled(SAMPLES_DIR, 'sample', found);
      await scanPackages(this.options.packagesDir ?? cfg.pluginPackagesDir ?? DEFAULT_PACKAGES_DIR, found);
      for (const dir of cfg.pluginDirs) await scanFolder(dir, 'folder', found);
    }
    const records = new Map<string, PluginRecord>();
    const errors = [...found.errors];
    for (const candidate of found.candidates) {
      const loaded = await loadModule(candidate, isMandatory);
      for (const record of loaded.records) {
        if (!cfg.pluginsEnabled && !record.isMandatory) continue;
        const first = records.get(record.key);
        if (first) {
          errors.push({
            key: record.key,
            path: candidate.path,
            stage: 'discovery',
            message: `duplicate plugin key "${record.key}": ${candidate.path} is ignored because ${first.candidate.path} already provides it`,
          });
          continue;
        }
        records.set(record.key, record);
      }
      // Errors of refused duplicates are not worth repeating; keep the module's own errors.
      errors.push(...loaded.errors.filter((e) => e.key === null || records.get(e.key)?.candidate === candidate));
    }
    for (const key of this.#failures.keys()) {
      // A changed (re-imported) class gets a fresh chance.
      if (records.get(key)?.cls !== this.#records.get(key)?.cls) this.#failures.delete(key);
    }
    this.#records = new Map([...records].sort(([a], [b]) => a.localeCompare(b)));
    this.#discoveryErrors = errors;
    for (const e of errors) log.warn(`plugin ${e.key ?? e.path}: [${e.stage}] ${e.message}`);
    log.info(`discovered ${records.size} plugin(s)${errors.length ? `, ${errors.length} with errors` : ''}`);
  }

  async #syncRows(): Promise<void> {
    const em = this.#em;
    await upsertConfigs(em, [...this.#records.values()]);
    const rows = await readConfigs(em);
    this.#missing = this.config.pluginsEnabled ? rows.filter((r) => !this.#records.has(r.key)) : [];
  }

  /** AUTHOR / PUBLISH_DATE from git, looked up in the background (see git.ts). */
  #warmGitMetadata(): void {
    for (const r of this.#records.values()) if (!r.meta.author || !r.meta.publishDate) void gitMetadata(r.candidate.path);
  }

  // ---- planning and applying an active set --------------------------------------------------

  /** Composes the schema for core + the given plugins. Separately callable and timed (benchmarks). */
  async compose(plugins: InvenTreePlugin[]): Promise<ComposeResult> {
    const contributions = plugins.map((p) => contributionOf(p)).filter((c): c is SchemaContribution => c !== null);
    return composeSchema(contributions);
  }

  async #plan(targetKeys: Iterable<string>): Promise<Plan> {
    const target = [...new Set(targetKeys)].sort();
    const running = new Map<string, InvenTreePlugin>();
    const failures = new Map<string, RegistryError>();
    for (const key of target) {
      const record = this.#records.get(key);
      if (!record || record.blocked) continue;
      let plugin = this.#running.get(key);
      if (plugin && plugin.constructor !== record.cls) plugin = undefined;
      if (!plugin) {
        try {
          plugin = instantiate(record);
          bindRuntime(plugin, { orm: this.#orm! });
        } catch (e) {
          failures.set(key, { key, path: record.candidate.path, stage: 'load', message: describeError(e) });
          continue;
        }
      }
      running.set(key, plugin);
    }
    const contributions: SchemaContribution[] = [];
    const graphqlOn = await this.flag('ENABLE_PLUGINS_GRAPHQL', true, true);
    // Plugins already running compose first: on a conflict the newcomer is the one refused.
    const order = [...running].sort(([a], [b]) => Number(!this.#running.has(a)) - Number(!this.#running.has(b)) || a.localeCompare(b));
    for (const [key, plugin] of graphqlOn ? order : []) {
      try {
        const c = contributionOf(plugin);
        if (c) contributions.push(c);
      } catch (e) {
        running.delete(key);
        failures.set(key, { key, path: this.#records.get(key)!.candidate.path, stage: 'schema', message: `reading its schema contribution failed: ${describeError(e)}` });
      }
    }
    let compose: ComposeResult;
    let buildError: RegistryError | null = null;
    try {
      compose = await composeSchema(contributions);
      assertValidSchema(compose.schema);
    } catch (e) {
      // Composition failed as a whole: serve the core schema and say why.
      buildError = { key: null, path: '', stage: 'schema', message: `schema composition failed: ${describeError(e)}` };
      const t0 = performance.now();
      compose = { schema: await buildCoreSchema(), rejected: [], attribution: new Map(), ms: 0 };
      compose.ms = performance.now() - t0;
      for (const key of running.keys()) compose.rejected.push({ pluginKey: key, message: buildError.message });
    }
    for (const r of compose.rejected) {
      const record = this.#records.get(r.pluginKey);
      running.delete(r.pluginKey);
      failures.set(r.pluginKey, { key: r.pluginKey, path: record?.candidate.path ?? '', stage: 'schema', message: r.message });
    }
    return { target, graphqlOn, running, failures, compose, buildError };
  }

  #apply(plan: Plan): void {
    const previous = this.#running;
    this.#running = plan.running;
    this.#targetSig = signature(plan.target, plan.graphqlOn);
    for (const record of this.#records.values()) record.instance = plan.running.get(record.key) ?? null;
    for (const key of this.#failures.keys()) if (plan.running.has(key) || !plan.target.includes(key)) this.#failures.delete(key);
    for (const [key, failure] of plan.failures) this.#failures.set(key, failure);
    this.#attribution = plan.compose.attribution;
    this.#buildError = plan.buildError;
    this.#lastBuild = { at: new Date(), ms: plan.compose.ms, hash: null };
    if (this.#app) this.#lastBuild.hash = this.#app.holder.swap(plan.compose.schema, plan.compose.ms).hash;
    for (const [key, plugin] of previous) if (plan.running.get(key) !== plugin) this.#notify(plugin, false);
    for (const [key, plugin] of plan.running) if (previous.get(key) !== plugin) this.#notify(plugin, true);
  }

  #notify(plugin: InvenTreePlugin, active: boolean): void {
    for (const listener of this.#listeners) {
      Promise.resolve()
        .then(() => listener(plugin, active))
        .catch((e: unknown) => {
          const record = this.#records.get(plugin.key);
          const message = `${active ? 'activation' : 'deactivation'} hook failed: ${describeError(e)}`;
          this.#failures.set(plugin.key, { key: plugin.key, path: record?.candidate.path ?? '', stage: 'activation', message });
          log.error(`plugin ${plugin.key}: ${message}`);
        });
    }
  }

  #targetFromRows(rows: ConfigRow[]): string[] {
    const keys = rows.filter((r) => r.active).map((r) => r.key);
    for (const r of this.#records.values()) if (r.isMandatory) keys.push(r.key);
    return keys;
  }

  /** Reads the active set from PluginConfig and applies it if it differs from what runs here. */
  async #applyFromDatabase(force: boolean): Promise<void> {
    const rows = await readConfigs(this.#em);
    this.#missing = this.config.pluginsEnabled ? rows.filter((r) => !this.#records.has(r.key)) : [];
    const target = [...new Set(this.#targetFromRows(rows))].sort();
    if (!force && signature(target, await this.flag('ENABLE_PLUGINS_GRAPHQL', true, true)) === this.#targetSig) return;
    this.#apply(await this.#plan(target));
    log.info(`active plugins: ${[...this.#running.keys()].join(', ') || '(none)'}`);
  }

  /** Picks up changes made by other processes (NOTIFY or poll). Cheap when nothing changed. */
  syncFromDatabase(): Promise<void> {
    if (!this.#started) return Promise.resolve();
    return this.#serial(() => this.#applyFromDatabase(false));
  }

  /** Builds the schema from the running plugins (App.buildSchema): any app.rebuildSchema() includes them. */
  buildSchema(): Promise<GraphQLSchema> {
    return this.#serial(async () => {
      const plan = await this.#plan([...this.#running.keys()]);
      for (const [key, failure] of plan.failures) this.#failures.set(key, failure);
      this.#attribution = plan.compose.attribution;
      this.#buildError = plan.buildError;
      this.#lastBuild = { at: new Date(), ms: plan.compose.ms, hash: null };
      return plan.compose.schema;
    });
  }

  // ---- changing state -----------------------------------------------------------------------

  /**
   * Turns a plugin on or off: persists PluginConfig.active with an audit row, an event and a
   * NOTIFY in one transaction, and (with an app) swaps in the rebuilt schema before returning.
   * Refused with BAD_USER_INPUT, changing nothing, when the plugin cannot run or its schema
   * does not compose. Resolves to whether the plugin now runs in this process.
   */
  activate(key: string, active: boolean, actor: User | null, source: ChangeSource): Promise<boolean> {
    return this.#serial(async () => {
      const record = this.#records.get(key);
      const missingRow = this.#missing.find((r) => r.key === key);
      if (!record && !missingRow) throw badInput(`Unknown plugin "${key}"`, 'key');
      if (!record && active) throw badInput(`Plugin "${key}" is not installed (only its configuration remains), so it cannot be activated`, 'key');
      if (record?.isMandatory && !active) throw badInput(`Mandatory plugin cannot be deactivated: "${key}"`, 'active');
      if (record && active && record.blocked) {
        const why = this.#discoveryErrors.filter((e) => e.key === key && e.path === record.candidate.path).map((e) => e.message);
        throw badInput(`Plugin "${key}" cannot be activated: ${why.join('; ')}`, 'key');
      }
      let plan: Plan | null = null;
      let refusal: RegistryError | null = null;
      await this.#em.transactional(async (em) => {
        await lockPluginState(em);
        const rows = await readConfigs(em);
        const row = rows.find((r) => r.key === key);
        if (!row) throw badInput(`Unknown plugin "${key}"`, 'key');
        const target = new Set(this.#targetFromRows(rows));
        if (active) target.add(key);
        else target.delete(key);
        const sig = signature([...target].sort(), await this.flag('ENABLE_PLUGINS_GRAPHQL', true, true));
        if (row.active === active && sig === this.#targetSig && this.#running.has(key) === active) return;
        if (row.active !== active) {
          await writeActive(em, { key, from: row.active, to: active, user: actor, source }, this.origin);
          await triggerEvent(em, active ? 'plugin.activated' : 'plugin.deactivated', { key, active, source }, { model: 'pluginconfig', instanceId: key, user: actor });
        }
        if (!record) return; // a missing plugin: only its row changes
        const next = await this.#plan(target);
        const own = next.failures.get(key);
        if (active && own) {
          refusal = own;
          throw badInput(`Plugin "${key}" cannot be activated: ${own.message}`, 'key');
        }
        const dropped = [...this.#running.keys()].filter((k) => k !== key && target.has(k) && !next.running.has(k));
        if (dropped.length) {
          const why = dropped.map((k) => `"${k}": ${next.failures.get(k)?.message ?? 'would stop'}`).join('; ');
          throw badInput(`Changing plugin "${key}" would break active plugin(s) ${why}`, 'key');
        }
        plan = next;
      }).catch((e: unknown) => {
        if (refusal) this.#failures.set(key, refusal);
        throw e;
      });
      if (plan) this.#apply(plan);
      log.info(`plugin ${key} ${active ? 'activated' : 'deactivated'} by ${actor?.username ?? source}`);
      return this.#running.has(key);
    });
  }

  /**
   * Re-runs discovery when `collect` (new and changed files appear; changed modules are
   * re-imported), refreshes PluginConfig rows and rebuilds from the active set.
   */
  reload(collect = true): Promise<void> {
    return this.#serial(async () => {
      if (collect) {
        clearGitCache();
        await this.#discover();
        await this.#syncRows();
        this.#warmGitMetadata();
      }
      await this.#applyFromDatabase(true);
    });
  }

  // ---- global switches (InvenTree's ENABLE_PLUGINS_* settings) -------------------------------

  /** Connects the global settings store; until then every switch reads as on. */
  setGlobalFlagReader(reader: GlobalFlagReader | undefined): void {
    this.#flagReader = reader;
  }

  async flag(key: string, fallback = true, fresh = false): Promise<boolean> {
    return (await this.#flagReader?.(key, fresh)) ?? fallback;
  }

  /** A global switch that shapes the schema changed: rebuild here and tell other processes. */
  async settingsChanged(): Promise<void> {
    await this.reload(false);
    await this.#em.execute('select pg_notify(?, ?)', [NOTIFY_CHANNEL, JSON.stringify({ origin: this.origin, settings: true })]);
  }

  /** ENABLE_PLUGINS_URL: plugin routes are served. */
  urlsEnabled(): Promise<boolean> {
    return this.flag('ENABLE_PLUGINS_URL');
  }

  // ---- reading ------------------------------------------------------------------------------

  /** Every discovered plugin, sorted by key. */
  records(): PluginRecord[] {
    return [...this.#records.values()];
  }

  record(key: string): PluginRecord | undefined {
    return this.#records.get(key);
  }

  /** PluginConfig rows whose plugin is no longer present. */
  missing(): ConfigRow[] {
    return [...this.#missing];
  }

  /** The running plugin with this key (or slug), or null when it is not active here. */
  getPlugin(key: string): InvenTreePlugin | null {
    return this.#running.get(key) ?? null;
  }

  isActive(key: string): boolean {
    return this.#running.has(key);
  }

  /** Running plugins, sorted by key. */
  activePlugins(): InvenTreePlugin[] {
    return [...this.#running.values()];
  }

  activeKeys(): string[] {
    return [...this.#running.keys()];
  }

  /** Running plugins that declare the mixin (InvenTree's with_mixin). */
  withMixin(name: string): InvenTreePlugin[] {
    return this.activePlugins().filter((p) => p.hasMixin(name));
  }

  /** Type names / schema coordinates the plugin contributes to the current schema. */
  contributes(key: string): string[] {
    return this.#attribution.get(key) ?? [];
  }

  /** Errors of one plugin (as found at its path), every stage. */
  errorsOf(record: PluginRecord): RegistryError[] {
    const stat = this.#discoveryErrors.filter((e) => e.key === record.key && e.path === record.candidate.path);
    const dynamic = this.#failures.get(record.key);
    return dynamic ? [...stat, dynamic] : stat;
  }

  /** Every registry error: discovery (including modules without a key), load, activation, schema. */
  errors(): RegistryError[] {
    return [...this.#discoveryErrors, ...this.#failures.values(), ...(this.#buildError ? [this.#buildError] : [])];
  }

  lastBuild(): BuildInfo | null {
    return this.#lastBuild;
  }

  /** Declared AUTHOR / PUBLISH_DATE, else the git history of the plugin's file or folder. */
  async authorship(record: PluginRecord): Promise<GitMetadata> {
    if (record.meta.author && record.meta.publishDate) return { author: record.meta.author, date: record.meta.publishDate };
    const git = await gitMetadata(record.candidate.path);
    return { author: record.meta.author ?? git.author, date: record.meta.publishDate ?? git.date };
  }

  /** Records a problem found while running a plugin (e.g. its schedule was refused); shown on its record. */
  reportError(key: string, stage: RegistryError['stage'], message: string): void {
    const record = this.#records.get(key);
    this.#failures.set(key, { key, path: record?.candidate.path ?? '', stage, message });
    log.error(`plugin ${key}: [${stage}] ${message}`);
  }

  /** Listen to plugins starting/stopping in this process; returns an unsubscribe function. */
  onActiveChange(listener: ActiveChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
