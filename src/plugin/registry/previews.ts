// Previews of schema changes (safe toggles): what turning a plugin on or off, changing a
// schema-shaping switch or reloading the plugin files would serve, next to what the configured
// set serves now. Planning only: nothing is applied, no plugin starts. The registry runs them in
// its serial queue and hands in what they read (its private state stays its own).
import type { GraphQLSchema } from 'graphql';
import { badInput } from '../../graphql/errors.js';
import { printedSdl, schemaHash } from '../../server/schema-holder.js';
import { discoverPlugins } from './catalog.js';
import { readConfigs, type ConfigRow } from './config-store.js';
import type { RegistryInternals } from './internals.js';
import { Planner, type PlannerDeps } from './planner.js';
import type { GlobalSwitches } from './switches.js';
import type { AppConfig } from '../../config.js';

/** A planned schema next to the one the configured set serves. */
export interface SchemaPreview {
  before: GraphQLSchema;
  after: GraphQLSchema;
  hashBefore: string;
  hashAfter: string;
}

export interface PreviewDeps {
  /** The started registry's state (read only). */
  internals: RegistryInternals;
  config(): AppConfig;
  packagesDir: string | undefined;
  switches: GlobalSwitches;
  /** For a planner over freshly discovered records (reload previews). */
  plannerDeps: Omit<PlannerDeps, 'catalog'>;
}

/**
 * The schema the configured set (PluginConfig rows) composes to: what a change is compared with,
 * so a change made by another process and not yet applied here is not blamed on this one. The
 * served schema when this process is in sync (always in a server at rest), else planned.
 */
export async function configuredSchema(
  r: RegistryInternals,
  rows?: ConfigRow[],
  switches?: ReadonlyMap<string, boolean>,
): Promise<GraphQLSchema> {
  const target = r.targetFromRows(rows ?? (await readConfigs(r.fork())));
  const graced = await r.graced(target);
  const served = r.servedSchema();
  if (served && (await r.planner.signatureFor(target, graced, switches)) === r.runningSig()) return served;
  return (await r.planner.plan(target, r.running(), { graced, switches })).compose.schema;
}

// The served schema's SDL is already printed (at its swap): previews of a toggle print only the plan's.
const hashOf = (schema: GraphQLSchema) => schemaHash(printedSdl(schema));

function preview(before: GraphQLSchema, after: GraphQLSchema): SchemaPreview {
  return { before, after, hashBefore: hashOf(before), hashAfter: hashOf(after) };
}

export class RegistryPreviews {
  constructor(private readonly deps: PreviewDeps) {}

  /** Turning `key` on or off against the configured set. */
  async toggle(key: string, active: boolean): Promise<SchemaPreview> {
    const deps = this.deps.internals;
    const record = deps.catalog.get(key);
    if (!record) throw badInput(`Unknown plugin "${key}"`, 'key');
    if (record.isMandatory && !active) throw badInput(`Plugin "${key}" is mandatory and cannot be deactivated`, 'key');
    const rows = await readConfigs(deps.fork());
    const target = new Set(deps.targetFromRows(rows));
    if (active) target.add(key);
    else target.delete(key);
    const graced = await deps.graced(target, undefined, active ? undefined : key);
    const after = (await deps.planner.plan(target, deps.running(), { graced })).compose.schema;
    return preview(await configuredSchema(deps, rows), after);
  }

  /** A schema-shaping global switch (ENABLE_PLUGINS_GRAPHQL) set to `on`. */
  async globalSwitch(key: string, on: boolean): Promise<SchemaPreview> {
    const deps = this.deps.internals;
    if (!this.deps.switches.shapesSchema(key)) throw badInput(`"${key}" does not shape the schema`, 'key');
    const rows = await readConfigs(deps.fork());
    const target = deps.targetFromRows(rows);
    const plan = await deps.planner.plan(target, deps.running(), {
      switchOverrides: new Map([[key, on]]),
      graced: await deps.graced(target),
    });
    return preview(await configuredSchema(deps, rows), plan.compose.schema);
  }

  /**
   * What reloadPlugins({ collect: true }) would serve: discovers again (changed plugin files are
   * imported) and plans the configured set with the new records.
   */
  async reload(): Promise<SchemaPreview> {
    const { deps } = this;
    const { internals } = deps;
    const found = await discoverPlugins(deps.config(), deps.packagesDir);
    const rows = await readConfigs(internals.fork());
    const mandatory = [...found.records.values()].filter((r) => r.isMandatory).map((r) => r.key);
    const target = [...rows.filter((r) => r.active).map((r) => r.key), ...mandatory];
    const planner = new Planner({ ...deps.plannerDeps, catalog: { get: (key) => found.records.get(key) } });
    const plan = await planner.plan(target, internals.running(), { graced: await internals.graced(target) });
    return preview(await configuredSchema(internals, rows), plan.compose.schema);
  }
}
