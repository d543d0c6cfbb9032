// The type-graphql part of a composition: the core resolvers plus the decorator-based classes of
// the accepted plugins (GRAPHQL_RESOLVERS, GRAPHQL_TYPES), built by type-graphql. The build is
// the costliest step of a toggle (~10–15 ms), so a registry keeps its last few (TypeGraphQLBuilds),
// keyed by the classes they were built from: toggling an SDL plugin, or one that adds no schema,
// reuses the current build, and switching back and forth between two sets of classes builds each once.
//
// A cached build is never served or mutated: compose.ts serves a copy of it (extended with the
// plugins' SDL, or copySchema), since attribution and grace write into the served schema.
// Resolver instances are created per class on first use and get the class's CURRENT plugin
// instance: a reactivated plugin is a new instance with the same classes, so the reused build
// hands its resolvers the new instance.
import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { buildTypeGraphQLSchema, type SchemaClass } from '../../graphql/build.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { SchemaContribution } from './contribution.js';

/** Who a build's resolver instances belong to (read by its container at each resolver call). */
interface Owners {
  /** Resolver class → the plugin it belongs to (updated on every reuse). */
  owners: Map<SchemaClass, InvenTreePlugin>;
  instances: Map<SchemaClass, unknown>;
}

interface Build extends Owners {
  schema: Promise<GraphQLSchema>;
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A number per object (class, plugin instance, resolver map), for cache keys. */
export function identityOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** Resolver instances: plugin resolvers get their plugin as constructor argument. */
function containerOf(build: Owners): ContainerType {
  return {
    get(cls: new (...args: unknown[]) => unknown) {
      let instance = build.instances.get(cls);
      if (!instance) {
        const plugin = build.owners.get(cls);
        instance = plugin ? new cls(plugin) : new cls();
        build.instances.set(cls, instance);
      }
      return instance;
    },
  };
}

/** Points the build's resolver classes at the given plugins, dropping instances made for others. */
function adopt(build: Owners, contributions: readonly SchemaContribution[]): void {
  for (const c of contributions) {
    for (const r of c.resolvers) {
      if (build.owners.get(r) === c.plugin) continue;
      build.owners.set(r, c.plugin);
      build.instances.delete(r);
    }
  }
}

function newBuild(core: readonly SchemaClass[], contributions: readonly SchemaContribution[]): Build {
  const owned: Owners = { owners: new Map(), instances: new Map() };
  adopt(owned, contributions);
  const schema = buildTypeGraphQLSchema({
    resolvers: [...core, ...contributions.flatMap((c) => c.resolvers)],
    types: contributions.flatMap((c) => c.types),
    container: containerOf(owned),
  });
  return Object.assign(owned, { schema });
}

/**
 * The type-graphql schema of the core resolvers plus the contributions' classes, built afresh.
 * Rejects when type-graphql cannot build it.
 */
export function buildTypeGraphQLPart(
  core: readonly SchemaClass[],
  contributions: readonly SchemaContribution[],
): Promise<GraphQLSchema> {
  return newBuild(core, contributions).schema;
}

/**
 * The last few builds of one registry (never shared between registries: a build's resolvers
 * belong to that registry's plugin instances).
 */
export class TypeGraphQLBuilds {
  readonly #builds = new Map<string, Build>();

  /** `kept`: a toggle needs two (before and after), the culprit search after a failed build more. */
  constructor(private readonly kept = 4) {}

  /** Like buildTypeGraphQLPart, reusing a kept build of the same classes (the caller must not mutate it). */
  get(core: readonly SchemaClass[], contributions: readonly SchemaContribution[]): Promise<GraphQLSchema> {
    const classes = [...core, ...contributions.flatMap((c) => c.resolvers)];
    const key = `${classes.map(identityOf).join(',')}|${contributions
      .flatMap((c) => c.types)
      .map(identityOf)
      .join(',')}`;
    let build = this.#builds.get(key);
    if (build) {
      this.#builds.delete(key); // re-inserted below: the Map's order is the recency order
      adopt(build, contributions);
    } else {
      build = newBuild(core, contributions);
      build.schema.catch(() => this.#builds.delete(key));
    }
    this.#builds.set(key, build);
    while (this.#builds.size > this.kept) this.#builds.delete(this.#builds.keys().next().value!);
    return build.schema;
  }

  /** Points every kept build's resolver classes at the contributions' (current) plugin instances. */
  adopt(contributions: readonly SchemaContribution[]): void {
    for (const build of this.#builds.values()) {
      adopt(
        build,
        contributions.filter((c) => c.resolvers.some((r) => build.owners.has(r))),
      );
    }
  }
}
