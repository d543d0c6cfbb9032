// The core (plugin-free) part of the schema: every resolver class the server itself defines.
import type { GraphQLSchema } from 'graphql';
import { buildTypeGraphQLSchema, type SchemaClass } from './build.js';
import { AuthResolver } from '../auth/resolvers.js';
import { inventoryResolvers } from '../inventory/resolvers.js';
import { StatusResolver } from './status.js';
import { pluginAdminResolvers } from '../plugin/admin/resolvers.js';
import { settingsResolvers } from '../settings/resolvers.js';
import { eventResolvers } from '../events/resolvers.js';

export type ResolverClass = SchemaClass;

export const coreResolvers: ResolverClass[] = [AuthResolver, StatusResolver, ...inventoryResolvers, ...pluginAdminResolvers, ...settingsResolvers, ...eventResolvers];

/** The schema with no plugin contributions (used by tests, the SDL emitter and as a fallback). */
export async function buildCoreSchema(): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({ resolvers: coreResolvers });
}
