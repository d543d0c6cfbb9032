// Composes the served schema: the base (core + module resolvers) plus the contributions of the
// given (active) plugins. Pure apart from type-graphql's metadata: the result depends only on the
// base and the contributions, which the planner passes sorted by plugin key — so the same active
// set always composes to the same SDL and hash, whatever order it was reached in.
//
// Fast path: cheap conflict checks on type-graphql metadata and parsed SDL, then ONE build.
// If that build still fails (e.g. two plugins define the same type name), plugins are added one
// at a time to find and reject the ones that break it; everything else is served.
import {
  validateSchema,
  isObjectType,
  isInterfaceType,
  isNamedType,
  isScalarType,
  getNamedType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLType,
  type GraphQLSchema,
} from 'graphql';
import type { SchemaClass } from '../../graphql/build.js';
import { copySchema } from '../../graphql/copy-schema.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { fieldResolversOf, rootFieldsOf, typeNameOf, type RootKind } from '../../graphql/type-graphql-metadata.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { SchemaContribution, SdlFieldConfig, SdlFieldResolver, SdlResolverMap } from './contribution.js';
import { analyzeSdl, extendWithSdl, SdlProblem, type SdlAnalysis } from './sdl-extensions.js';
import { buildTypeGraphQLPart, type TypeGraphQLBuilds } from './type-graphql-part.js';

export type { SchemaContribution } from './contribution.js';

export interface RejectedContribution {
  pluginKey: string;
  message: string;
}

export interface ComposeResult {
  schema: GraphQLSchema;
  /** Plugins left out, with the reason (recorded on their registry record, stage "schema"). */
  rejected: RejectedContribution[];
  /** plugin key → type names and `Type.field` coordinates it contributes. */
  attribution: Map<string, string[]>;
  /** Wall time of the whole composition. */
  ms: number;
  /** plugin key → the slot its SDL resolvers read their plugin from. */
  slots: ReadonlyMap<string, PluginSlot>;
}

export interface ComposeOptions {
  /** The base schema's resolver classes (core + modules); the same array should be passed each time (its shape is cached). */
  baseResolvers: readonly SchemaClass[];
  /** Where the type-graphql part is kept between compositions (one per registry); absent: built afresh. */
  builds?: TypeGraphQLBuilds;
}

/** The suffix that marks a plugin's contribution in the printed schema. */
export function attributionNote(pluginKey: string): string {
  return `Contributed by plugin "${pluginKey}".`;
}

// The base's shape is computed once per resolver list (it does not change at run time).

interface CoreShape {
  resolvers: SchemaClass[];
  types: Set<string>;
  fields: Map<string, Set<string>>;
}

const coreShapes = new WeakMap<readonly SchemaClass[], Promise<CoreShape>>();

function shapeOf(resolvers: readonly SchemaClass[], schema: GraphQLSchema): CoreShape {
  const fields = new Map<string, Set<string>>();
  for (const t of Object.values(schema.getTypeMap())) {
    if (isObjectType(t) || isInterfaceType(t)) fields.set(t.name, new Set(Object.keys(t.getFields())));
  }
  return { resolvers: [...resolvers], types: new Set(Object.keys(schema.getTypeMap())), fields };
}

function coreShapeFor(resolvers: readonly SchemaClass[]): Promise<CoreShape> {
  let shape = coreShapes.get(resolvers);
  if (!shape) {
    shape = buildTypeGraphQLPart(resolvers, []).then((s) => shapeOf(resolvers, s));
    shape.catch(() => coreShapes.delete(resolvers));
    coreShapes.set(resolvers, shape);
  }
  return shape;
}

// Per-plugin checks (no build needed).

interface Checked {
  c: SchemaContribution;
  sdl: SdlAnalysis | null;
  /** `Query.x`, `Part.y`... this plugin adds. */
  claims: string[];
  /** Names of new types it defines explicitly (GRAPHQL_TYPES, SDL). */
  typeNames: string[];
}

class Conflict extends Error {}

function check(c: SchemaContribution, core: CoreShape, claimed: Map<string, string>): Checked {
  const claims: string[] = [];
  const typeNames: string[] = [];
  const claim = (coord: string) => {
    const [typeName, field] = coord.split('.') as [string, string];
    if (core.fields.get(typeName)?.has(field)) throw new Conflict(`${coord} already exists in the core schema`);
    const owner = claimed.get(coord);
    if (owner) throw new Conflict(`${coord} is already contributed by plugin "${owner}"`);
    if (claims.includes(coord)) throw new Conflict(`${coord} is defined twice by this plugin`);
    claims.push(coord);
  };
  for (const r of c.resolvers) {
    const roots = rootFieldsOf(r);
    for (const kind of Object.keys(roots) as RootKind[]) for (const f of roots[kind]) claim(`${kind}.${f}`);
    for (const fr of fieldResolversOf(r)) {
      if (!fr.typeName)
        throw new Conflict(
          `field resolver "${fr.field}" in ${r.name} targets a class that is not a GraphQL object type`,
        );
      claim(`${fr.typeName}.${fr.field}`);
    }
  }
  for (const t of c.types) {
    const name = typeNameOf(t);
    if (name) typeNames.push(name);
  }
  let sdl: SdlAnalysis | null = null;
  if (c.typeDefs.trim()) {
    try {
      sdl = analyzeSdl(c.typeDefs);
    } catch (e) {
      throw new Conflict(e instanceof SdlProblem ? e.message : String(e));
    }
    typeNames.push(...sdl.typeNames);
    for (const coord of sdl.extensionCoords) claim(coord);
    const own = new Set(sdl.fieldCoords);
    for (const [typeName, fields] of Object.entries(c.resolverMap)) {
      for (const field of Object.keys(fields)) {
        if (!own.has(`${typeName}.${field}`))
          throw new Conflict(
            `GRAPHQL_RESOLVER_MAP.${typeName}.${field} resolves a field its GRAPHQL_TYPEDEFS do not define`,
          );
      }
    }
  }
  for (const name of typeNames) {
    if (core.types.has(name)) throw new Conflict(`type "${name}" already exists in the core schema`);
    const owner = claimed.get(`type:${name}`);
    if (owner) throw new Conflict(`type "${name}" is already contributed by plugin "${owner}"`);
  }
  return { c, sdl, claims, typeNames };
}

// Building.

/**
 * The plugin an SDL contribution's resolvers are bound to. A slot, not the instance: a kept
 * composition reused for a reactivated plugin (a new instance) re-points it (kept-compositions.ts).
 */
export interface PluginSlot {
  plugin: InvenTreePlugin;
}

/** Graphql-js calls resolvers with four arguments; plugin resolvers also get their plugin (5th, and `this`). */
function withPlugin(fn: SdlFieldResolver, slot: PluginSlot): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) =>
    fn.call(slot.plugin, source, args as Record<string, unknown>, context as GraphQLContext, info, slot.plugin);
}

function applyResolverMap(schema: GraphQLSchema, map: SdlResolverMap, slot: PluginSlot): void {
  for (const [typeName, fields] of Object.entries(map)) {
    const type = schema.getType(typeName);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    const defs = type.getFields() as Record<string, GraphQLField<unknown, unknown>>;
    for (const [name, r] of Object.entries(fields)) {
      const field = defs[name];
      if (!field) continue;
      const config: SdlFieldConfig = typeof r === 'function' ? { resolve: r } : r;
      if (config.resolve) field.resolve = withPlugin(config.resolve, slot);
      if (config.subscribe) field.subscribe = withPlugin(config.subscribe, slot);
    }
  }
}

async function build(
  core: CoreShape,
  accepted: readonly Checked[],
  builds: TypeGraphQLBuilds | undefined,
  slots: Map<string, PluginSlot>,
): Promise<GraphQLSchema> {
  const contributions = accepted.map((a) => a.c);
  const base = await (builds
    ? builds.get(core.resolvers, contributions)
    : buildTypeGraphQLPart(core.resolvers, contributions));
  // Served and then written into (resolver maps, attribution, grace): never the cached build itself.
  const withSdl = accepted.filter((a) => a.sdl);
  const extended = withSdl.length
    ? extendWithSdl(
        base,
        withSdl.map((a) => a.sdl!.doc),
      )
    : copySchema(base);
  for (const a of withSdl) {
    const slot = slots.get(a.c.pluginKey) ?? { plugin: a.c.plugin };
    slots.set(a.c.pluginKey, slot);
    applyResolverMap(extended, a.c.resolverMap, slot);
  }
  const problems = validateSchema(extended);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  return extended;
}

/** Types reachable from the plugin's fields that the core does not have (walked in the built schema). */
function reachableNewTypes(
  schema: GraphQLSchema,
  core: CoreShape,
  claims: string[],
  ownTypes: string[],
  seen: Set<string>,
): string[] {
  const out: string[] = [];
  const walkFields = (t: GraphQLNamedType) => {
    if ('getFields' in t) {
      const fields = Object.values(t.getFields()) as Array<{
        type: GraphQLType;
        args?: ReadonlyArray<{ type: GraphQLType }>;
      }>;
      for (const f of fields) {
        visit(getNamedType(f.type));
        for (const a of f.args ?? []) visit(getNamedType(a.type));
      }
    }
    if (isObjectType(t)) for (const i of t.getInterfaces()) visit(i);
  };
  const visit = (t: GraphQLNamedType) => {
    // Scalars are skipped: reached ones may be shared instances (GraphQLInt, graphql-scalars) that a note would mutate for every later build.
    if (core.types.has(t.name) || seen.has(t.name) || isScalarType(t)) return;
    seen.add(t.name);
    out.push(t.name);
    walkFields(t);
  };
  // Types the plugin defines itself (GRAPHQL_TYPES, SDL) bring the types their fields use.
  for (const name of ownTypes) {
    const own = schema.getType(name);
    if (own) walkFields(own);
  }
  for (const coord of claims) {
    const [typeName, fieldName] = coord.split('.') as [string, string];
    const type = schema.getType(typeName);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    const field = type.getFields()[fieldName];
    if (!field) continue;
    visit(getNamedType(field.type));
    for (const a of field.args) visit(getNamedType(a.type));
  }
  return out;
}

/** Marks each contributed type and field in its description, and returns plugin → contributions. */
function attribute(schema: GraphQLSchema, core: CoreShape, accepted: readonly Checked[]): Map<string, string[]> {
  const attribution = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const a of accepted) {
    const key = a.c.pluginKey;
    const note = attributionNote(key);
    const own = a.typeNames.filter((n) => !seen.has(n));
    for (const n of own) seen.add(n);
    const types = [...own, ...reachableNewTypes(schema, core, a.claims, own, seen)];
    for (const name of types) {
      const t = schema.getType(name);
      if (t && isNamedType(t)) t.description = t.description ? `${t.description}\n\n${note}` : note;
    }
    for (const coord of a.claims) {
      const [typeName, fieldName] = coord.split('.') as [string, string];
      const t = schema.getType(typeName);
      const field = t && (isObjectType(t) || isInterfaceType(t)) ? t.getFields()[fieldName] : undefined;
      if (field) field.description = field.description ? `${field.description}\n\n${note}` : note;
    }
    attribution.set(key, [...types, ...a.claims].sort());
  }
  return attribution;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Core + the contributions (processed in the given order; the registry passes them sorted by
 * key). A contribution that conflicts with the core or an earlier one, or that breaks the
 * build, is rejected with the reason; the others are served.
 */
export async function composeSchema(
  contributions: readonly SchemaContribution[],
  options: ComposeOptions,
): Promise<ComposeResult> {
  const t0 = performance.now();
  const core = await coreShapeFor(options.baseResolvers);
  const rejected: RejectedContribution[] = [];
  const slots = new Map<string, PluginSlot>();
  const accepted: Checked[] = [];
  const claimed = new Map<string, string>();
  for (const c of contributions) {
    try {
      const checked = check(c, core, claimed);
      for (const coord of checked.claims) claimed.set(coord, c.pluginKey);
      for (const name of checked.typeNames) claimed.set(`type:${name}`, c.pluginKey);
      accepted.push(checked);
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
      rejected.push({ pluginKey: c.pluginKey, message: `schema conflict: ${e.message}` });
    }
  }
  let schema: GraphQLSchema;
  try {
    schema = await build(core, accepted, options.builds, slots);
  } catch {
    // Find the culprits: add plugins one at a time (only on this slow, rare path).
    const good: Checked[] = [];
    for (const a of accepted) {
      try {
        await build(core, [...good, a], options.builds, new Map());
        good.push(a);
      } catch (e) {
        rejected.push({ pluginKey: a.c.pluginKey, message: `schema build failed with this plugin: ${describe(e)}` });
      }
    }
    accepted.splice(0, accepted.length, ...good);
    schema = await build(core, accepted, options.builds, slots);
  }
  const attribution = attribute(schema, core, accepted);
  return { schema, rejected, attribution, ms: performance.now() - t0, slots };
}
