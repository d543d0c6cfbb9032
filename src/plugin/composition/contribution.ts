// What one plugin gives to schema composition, and the SDL resolver shapes it may use. Produced by
// a mixin's `contribute` hook (the GraphQL mixin's), consumed by compose.ts.
import type { GraphQLResolveInfo } from 'graphql';
import type { SchemaClass } from '../../graphql/build.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { InvenTreePlugin } from '../plugin.js';

/**
 * Resolver of one SDL field: graphql-js's signature with PartGraph's context, plus the plugin
 * instance that contributed it as a fifth argument (also `this` for non-arrow functions), so a
 * resolver reaches `plugin.data`, `plugin.getSetting(...)` and the plugin's own members.
 * (Declared as a method so a map typed with a plugin subclass, `SdlResolverMap<MyPlugin>`, is accepted.)
 */
export type SdlFieldResolver<P extends InvenTreePlugin = InvenTreePlugin> = {
  resolver(
    source: unknown,
    args: Record<string, unknown>,
    context: GraphQLContext,
    info: GraphQLResolveInfo,
    plugin: P,
  ): unknown;
}['resolver'];

/**
 * For subscription fields: `subscribe` returns an AsyncIterable of payloads (see `subscribeTo`);
 * `resolve` maps each payload to the field's value (default: the payload itself).
 */
export interface SdlFieldConfig<P extends InvenTreePlugin = InvenTreePlugin> {
  resolve?: SdlFieldResolver<P>;
  subscribe?: SdlFieldResolver<P>;
}

/** `{ Query: { hello: () => 'hi' }, Widget: { size: (w) => w.size } }` */
export type SdlResolverMap<P extends InvenTreePlugin = InvenTreePlugin> = Record<
  string,
  Record<string, SdlFieldResolver<P> | SdlFieldConfig<P>>
>;

export interface SchemaContribution {
  pluginKey: string;
  plugin: InvenTreePlugin;
  /** type-graphql resolver classes (constructed with the plugin as their argument). */
  resolvers: SchemaClass[];
  /** type-graphql types included even when no resolver returns them. */
  types: SchemaClass[];
  /** SDL: new types and `extend type` blocks. */
  typeDefs: string;
  resolverMap: SdlResolverMap;
}
