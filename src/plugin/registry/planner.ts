// Turns a wanted active set into a plan: which plugins would run (instantiated and checked), which
// fail and why, and the schema they compose to. Planning changes nothing; the registry applies a
// plan only once the change is accepted. Contributions are composed in key order, so the same
// active set and switches always give the same SDL and hash, however the set was reached.
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '../../db/orm.js';
import type { SchemaClass } from '../../graphql/build.js';
import type { AppServices } from '../../graphql/context.js';
import { buildTypeGraphQLSchema } from '../../graphql/build.js';
import { throwIfInvalid } from '../../server/schema-holder.js';
import type { SchemaContribution } from '../composition/contribution.js';
import type { ComposeResult } from '../composition/compose.js';
import { KeptCompositions } from '../composition/kept-compositions.js';
import { MIXIN_ORDER } from '../mixins/order.js';
import type { InvenTreePlugin } from '../plugin.js';
import { bindRuntime } from '../runtime.js';
import type { PluginCatalog } from './catalog.js';
import { instantiate } from './instantiate.js';
import { describeError } from './problems.js';
import type { RegistryError } from './records.js';
import type { GlobalSwitches } from './switches.js';
import { deprecateGraced, graceSignature, type GraceWindow } from './grace.js';

export type KeyedError = RegistryError & { key: string };

/** What a planned active set would look like; applied only if the change is accepted. */
export interface Plan {
  /** The wanted keys, sorted. */
  target: string[];
  /** What the plan composes from: the target and the schema-shaping switches. */
  signature: string;
  running: Map<string, InvenTreePlugin>;
  failures: Map<string, KeyedError>;
  compose: ComposeResult;
  /** Set when composition failed as a whole and the base schema stands in. */
  buildError: RegistryError | null;
  /** The schema-shaping switches it was planned under (switch → on). */
  switches: Record<string, boolean>;
}

/** What a process runs: the sorted active keys and the switches that shape the schema. */
export function signatureOf(
  sortedKeys: readonly string[],
  switches: ReadonlyMap<string, boolean>,
  graced: ReadonlyMap<string, GraceWindow> = new Map(),
): string {
  const flags = [...switches].map(([k, on]) => `#${k}=${on}`).sort();
  return [...sortedKeys, ...flags, ...graceSignature(graced)].join('\n');
}

export interface PlannerDeps {
  /** Where records come from (a reload preview passes freshly discovered ones). */
  catalog: Pick<PluginCatalog, 'get'>;
  switches: GlobalSwitches;
  /** The database plugins are bound to (settings and the stable API reach it through their runtime). */
  orm(): MikroORM;
  /** The server's services (absent in the CLI). */
  services(): AppServices | undefined;
  /** The base schema's resolvers (core + modules); the same array every time. */
  baseResolvers(): readonly SchemaClass[];
}

export interface PlanOptions {
  /** Keys whose prepare hook failed: they stay in the target but do not run, with their failure recorded. */
  excluded?: ReadonlyMap<string, KeyedError>;
  /** Switch values to plan under instead of the stored ones (previews). */
  switchOverrides?: ReadonlyMap<string, boolean>;
  /** Disabled plugins still in their deprecation grace: composed, deprecated, not run. */
  graced?: ReadonlyMap<string, GraceWindow>;
  /** The stored switches, when the caller read them already (switchesNow); else read now. */
  switches?: ReadonlyMap<string, boolean>;
  /** Compose everything anew, no kept composition or type-graphql build (an explicit rebuild). */
  fresh?: boolean;
}

export class Planner {
  /** This registry's recent compositions and type-graphql builds (a toggle usually reuses one). */
  readonly #compositions = new KeptCompositions();

  constructor(private readonly deps: PlannerDeps) {}

  /** The schema-shaping switches as stored now (one settings read: a toggle reads them once). */
  switchesNow(): Promise<Map<string, boolean>> {
    return this.deps.switches.schemaSwitches();
  }

  /** The signature the given keys would run with under the current (or the given) switches. */
  async signatureFor(
    keys: Iterable<string>,
    graced?: ReadonlyMap<string, GraceWindow>,
    switches?: ReadonlyMap<string, boolean>,
  ): Promise<string> {
    return signatureOf([...new Set(keys)].sort(), switches ?? (await this.switchesNow()), graced);
  }

  /**
   * Plans `targetKeys`. Plugins in `running` whose class is unchanged keep their instance; the
   * others are instantiated (and checked by their mixins) now. Keys in `excluded` (their prepare
   * hook failed) stay in the target but do not run, with their failure recorded.
   */
  async plan(
    targetKeys: Iterable<string>,
    running: ReadonlyMap<string, InvenTreePlugin>,
    { excluded = new Map(), switchOverrides, graced = new Map(), switches: stored, fresh = false }: PlanOptions = {},
  ): Promise<Plan> {
    const target = [...new Set(targetKeys)].sort();
    const composed = [...new Set([...target, ...graced.keys()])].sort();
    const next = new Map<string, InvenTreePlugin>();
    const failures = new Map<string, KeyedError>();
    const pathOf = (key: string) => this.deps.catalog.get(key)?.candidate.path ?? '';
    for (const key of composed) {
      const record = this.deps.catalog.get(key);
      if (!record || record.blocked) continue;
      const refused = excluded.get(key);
      if (refused) {
        failures.set(key, refused);
        continue;
      }
      let plugin = running.get(key);
      if (plugin && plugin.constructor !== record.cls) plugin = undefined;
      if (!plugin) {
        try {
          plugin = instantiate(record);
          bindRuntime(plugin, { orm: this.deps.orm(), services: this.deps.services() });
        } catch (e) {
          if (!graced.has(key))
            failures.set(key, { key, path: record.candidate.path, stage: 'load', message: describeError(e) });
          continue;
        }
      }
      next.set(key, plugin);
    }
    const switches = new Map(stored ?? (await this.switchesNow()));
    for (const [k, on] of switchOverrides ?? []) switches.set(k, on);
    const contributions: SchemaContribution[] = [];
    for (const [key, plugin] of next) {
      try {
        contributions.push(...this.#contributionsOf(plugin, switches));
      } catch (e) {
        next.delete(key);
        failures.set(key, {
          key,
          path: pathOf(key),
          stage: 'schema',
          message: `reading its schema contribution failed: ${describeError(e)}`,
        });
      }
    }
    let compose: ComposeResult;
    let buildError: RegistryError | null = null;
    try {
      // Grace deprecations are written into the result: those compositions are never reused.
      compose = await this.compose(contributions, { reuse: graced.size === 0, fresh });
      throwIfInvalid(compose.schema); // printed once, when it is swapped in
    } catch (e) {
      // Composition failed as a whole: serve the base schema and say why.
      buildError = { key: null, path: '', stage: 'schema', message: `schema composition failed: ${describeError(e)}` };
      const t0 = performance.now();
      compose = { schema: await this.buildBaseSchema(), rejected: [], attribution: new Map(), ms: 0, slots: new Map() };
      compose.ms = performance.now() - t0;
      for (const key of next.keys()) compose.rejected.push({ pluginKey: key, message: buildError.message });
    }
    for (const r of compose.rejected) {
      next.delete(r.pluginKey);
      failures.set(r.pluginKey, { key: r.pluginKey, path: pathOf(r.pluginKey), stage: 'schema', message: r.message });
    }
    // Graced plugins only lend their schema: they do not run, and their problems are not recorded.
    for (const key of graced.keys()) {
      next.delete(key);
      failures.delete(key);
    }
    if (graced.size && !buildError) deprecateGraced(compose.schema, compose.attribution, graced);
    return {
      target,
      signature: signatureOf(target, switches, graced),
      running: next,
      failures,
      compose,
      buildError,
      switches: Object.fromEntries(switches),
    };
  }

  /** Composes the base plus the given contributions (separately callable and timed: benchmarks). */
  compose(contributions: readonly SchemaContribution[], { reuse = false, fresh = false } = {}): Promise<ComposeResult> {
    return this.#compositions.compose(this.deps.baseResolvers(), contributions, { reuse, fresh });
  }

  buildBaseSchema(): Promise<GraphQLSchema> {
    return buildTypeGraphQLSchema({ resolvers: [...this.deps.baseResolvers()] });
  }

  /** What the plugin's mixins give to composition (mixins whose switch is off give nothing). */
  #contributionsOf(plugin: InvenTreePlugin, switches: ReadonlyMap<string, boolean>): SchemaContribution[] {
    const out: SchemaContribution[] = [];
    for (const mixin of MIXIN_ORDER) {
      if (!mixin.contribute || !plugin.hasMixin(mixin.name)) continue;
      if (mixin.globalSwitch && switches.get(mixin.globalSwitch) === false) continue;
      const c = mixin.contribute(plugin);
      if (c) out.push(c);
    }
    return out;
  }

  /** The contributions of the given plugins under the current switches (benchmarks compose these). */
  async contributionsOf(plugins: readonly InvenTreePlugin[]): Promise<SchemaContribution[]> {
    const switches = await this.deps.switches.schemaSwitches();
    return [...plugins].sort((a, b) => a.key.localeCompare(b.key)).flatMap((p) => this.#contributionsOf(p, switches));
  }
}
