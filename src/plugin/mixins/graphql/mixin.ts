// GraphQLMixin: a plugin contributes to the GraphQL schema (PartGraph's form of InvenTree's
// UrlsMixin). Two ways, combinable:
//  - type-graphql classes: GRAPHQL_RESOLVERS (queries, mutations, subscriptions, field
//    resolvers, also on core types such as Part) and GRAPHQL_TYPES (types to include even when
//    no resolver returns them);
//  - SDL: GRAPHQL_TYPEDEFS (new types, `extend type Query { ... }`) with GRAPHQL_RESOLVER_MAP.
// This file is the author-facing half; lifecycle.ts hands the declaration to schema composition
// (src/plugin/composition/compose.ts) for ACTIVE plugins only.
import { durationMs } from '../../../usage/impact.js';
import { getMetadataStorage } from 'type-graphql';
import type { SchemaClass } from '../../../graphql/build.js';
import type { SdlResolverMap } from '../../composition/contribution.js';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

export type { SdlFieldConfig, SdlFieldResolver, SdlResolverMap } from '../../composition/contribution.js';

/** A type-graphql class (resolver, object type, input type...). */
export type GraphQLClass = SchemaClass;

/** What a GraphQLMixin plugin declares (read by the mixin's `contribute` hook). */
export interface GraphQLDeclaration {
  resolvers: readonly GraphQLClass[];
  types: readonly GraphQLClass[];
  typeDefs: string;
  resolverMap: SdlResolverMap;
}

interface GraphQLStatics {
  GRAPHQL_RESOLVERS?: readonly GraphQLClass[];
  GRAPHQL_TYPES?: readonly GraphQLClass[];
  GRAPHQL_TYPEDEFS?: string;
  GRAPHQL_RESOLVER_MAP?: SdlResolverMap;
}

interface WithDeclaration {
  graphqlDeclaration?: () => GraphQLDeclaration;
}

/** The plugin's declaration, or null when it does not use GraphQLMixin. */
export function graphqlDeclarationOf(plugin: InvenTreePlugin): GraphQLDeclaration | null {
  if (!plugin.hasMixin('graphql')) return null;
  const read = (plugin as InvenTreePlugin & WithDeclaration).graphqlDeclaration;
  if (typeof read !== 'function')
    throw new MixinImplementationError(
      `plugin '${plugin.key}' declares the graphql mixin but has no graphqlDeclaration()`,
    );
  return read.call(plugin);
}

function isResolverClass(cls: GraphQLClass): boolean {
  return getMetadataStorage().resolverClasses.some((r) => r.target === cls);
}

function isTypeClass(cls: GraphQLClass): boolean {
  const s = getMetadataStorage();
  return [s.objectTypes, s.inputTypes, s.interfaceTypes, s.argumentTypes].some((list) =>
    list.some((d) => d.target === cls),
  );
}

/** Checks the declaration's shape; throws MixinImplementationError naming the plugin and member. */
export function validateGraphQLDeclaration(plugin: InvenTreePlugin, d: GraphQLDeclaration): void {
  const who = `plugin '${plugin.key}' (GraphQLMixin)`;
  if (!Array.isArray(d.resolvers) || !Array.isArray(d.types))
    throw new MixinImplementationError(`${who}: GRAPHQL_RESOLVERS and GRAPHQL_TYPES must be arrays of classes`);
  if (typeof d.typeDefs !== 'string') throw new MixinImplementationError(`${who}: GRAPHQL_TYPEDEFS must be a string`);
  if (!d.resolvers.length && !d.types.length && !d.typeDefs.trim()) {
    throw new MixinImplementationError(
      `${who} contributes nothing: set GRAPHQL_RESOLVERS, GRAPHQL_TYPES or GRAPHQL_TYPEDEFS`,
    );
  }
  for (const r of d.resolvers) {
    if (typeof r !== 'function' || !isResolverClass(r)) {
      throw new MixinImplementationError(
        `${who}: GRAPHQL_RESOLVERS entry ${describe(r)} is not a type-graphql resolver class (decorate it with @Resolver())`,
      );
    }
  }
  for (const t of d.types) {
    if (typeof t !== 'function' || !isTypeClass(t)) {
      throw new MixinImplementationError(
        `${who}: GRAPHQL_TYPES entry ${describe(t)} is not a type-graphql type class (@ObjectType, @InputType, @InterfaceType)`,
      );
    }
  }
  const grace = (plugin.constructor as { GRAPHQL_DEPRECATION_GRACE?: unknown }).GRAPHQL_DEPRECATION_GRACE;
  if (grace !== undefined && (typeof grace !== 'string' || durationMs(grace) === null))
    throw new MixinImplementationError(`${who}: GRAPHQL_DEPRECATION_GRACE must be a duration such as "7d" or "12h"`);
  const mapTypes = Object.keys(d.resolverMap ?? {});
  if (mapTypes.length && !d.typeDefs.trim())
    throw new MixinImplementationError(`${who}: GRAPHQL_RESOLVER_MAP is set but GRAPHQL_TYPEDEFS is empty`);
  for (const typeName of mapTypes) {
    for (const [field, r] of Object.entries(d.resolverMap[typeName] ?? {})) {
      const ok =
        typeof r === 'function' ||
        (typeof r === 'object' && r !== null && (typeof r.resolve === 'function' || typeof r.subscribe === 'function'));
      if (!ok)
        throw new MixinImplementationError(
          `${who}: GRAPHQL_RESOLVER_MAP.${typeName}.${field} must be a function or { resolve?, subscribe? }`,
        );
    }
  }
}

function describe(v: unknown): string {
  return typeof v === 'function' ? `'${v.name || 'anonymous class'}'` : `of type ${v === null ? 'null' : typeof v}`;
}

/**
 * Adds GraphQL contributions to a plugin class:
 * `class MyPlugin extends GraphQLMixin(InvenTreePlugin) { static GRAPHQL_RESOLVERS = [MyResolver]; }`.
 * Resolver classes are constructed once per schema build with the plugin instance as their only
 * constructor argument, so `constructor(private readonly plugin: MyPlugin) {}` works.
 */
export function GraphQLMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class GraphQL extends Base {
    /** type-graphql resolver classes: queries, mutations, subscriptions, field resolvers. */
    static GRAPHQL_RESOLVERS: readonly GraphQLClass[] = [];
    /** Types to include even if no resolver returns them (type-graphql `orphanedTypes`). */
    static GRAPHQL_TYPES: readonly GraphQLClass[] = [];
    /** SDL: new types and extensions (`extend type Query { ... }`, `extend type Part { ... }`). */
    static GRAPHQL_TYPEDEFS = '';
    /** Resolvers for the fields GRAPHQL_TYPEDEFS defines. */
    static GRAPHQL_RESOLVER_MAP: SdlResolverMap = {};
    /**
     * Deprecation grace ("7d", "12h"...): once the plugin is disabled its fields stay in the schema
     * this long, marked @deprecated and resolving to a PLUGIN_DISABLED error (docs/plugins.md,
     * "Safe toggles"). Unset: they are removed at once.
     */
    static GRAPHQL_DEPRECATION_GRACE: string | undefined = undefined;

    /** What this plugin contributes. Default: the static members; override to compute it. */
    graphqlDeclaration(): GraphQLDeclaration {
      const s = this.constructor as GraphQLStatics;
      return {
        resolvers: s.GRAPHQL_RESOLVERS ?? [],
        types: s.GRAPHQL_TYPES ?? [],
        typeDefs: s.GRAPHQL_TYPEDEFS ?? '',
        resolverMap: s.GRAPHQL_RESOLVER_MAP ?? {},
      };
    }
  }
  registerMixin(GraphQL, {
    name: 'graphql',
    humanName: 'GraphQL',
    validate(plugin) {
      const d = graphqlDeclarationOf(plugin);
      if (d) validateGraphQLDeclaration(plugin, d);
    },
    enabled(plugin) {
      const d = graphqlDeclarationOf(plugin);
      return !!d && (d.resolvers.length > 0 || d.types.length > 0 || d.typeDefs.trim().length > 0);
    },
  });
  return GraphQL;
}
