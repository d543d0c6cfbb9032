// What one plugin gives to schema composition, and the SDL resolver shapes it may use. Produced by
// a mixin's `contribute` hook (the GraphQL mixin's), consumed by compose.ts.
import type { GraphQLResolveInfo } from 'graphql';
import type { SchemaClass } from '../../graphql/build.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { InvenTreePlugin } from '../plugin.js';

/** Resolver of one SDL field: graphql-js's signature with PartGraph's context. */
export type SdlFieldResolver = (
  source: unknown,
  args: Record<string, unknown>,
  context: GraphQLContext,
  info: GraphQLResolveInfo,
) => unknown;

/** For subscription fields: `subscribe` returns an AsyncIterable; `resolve` maps each event. */
export interface SdlFieldConfig {
  resolve?: SdlFieldResolver;
  subscribe?: SdlFieldResolver;
}

/** `{ Query: { hello: () => 'hi' }, Widget: { size: (w) => w.size } }` */
export type SdlResolverMap = Record<string, Record<string, SdlFieldResolver | SdlFieldConfig>>;

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
