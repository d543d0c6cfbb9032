// The core (plugin-free) part of the schema: every resolver class the server's own layers define.
// Modules add theirs on top (the plugin framework adds its admin API; see AppModule.resolvers), so
// this file never imports plugin code.
import type { GraphQLSchema } from 'graphql';
import { buildTypeGraphQLSchema, type SchemaClass } from './build.js';
import { AuthResolver } from '../auth/resolvers.js';
import { inventoryResolvers } from '../inventory/resolvers.js';
import { StatusResolver } from './status.js';
import { settingsResolvers } from '../settings/resolvers.js';
import { eventResolvers } from '../events/resolvers.js';
import { usageResolvers } from '../usage/resolvers.js';

export type ResolverClass = SchemaClass;

export const coreResolvers: readonly ResolverClass[] = [
  AuthResolver,
  StatusResolver,
  ...inventoryResolvers,
  ...settingsResolvers,
  ...eventResolvers,
  ...usageResolvers,
];

/** The core resolvers plus `extra` (what the running modules add), built with no plugin contributions. */
export async function buildBaseSchema(extra: readonly ResolverClass[] = []): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({ resolvers: [...coreResolvers, ...extra] });
}
