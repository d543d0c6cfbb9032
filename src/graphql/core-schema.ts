// The core (plugin-free) part of the schema: every resolver class the server itself defines.
import type { NonEmptyArray } from 'type-graphql';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuthResolver } from '../auth/resolvers.js';
import { inventoryResolvers } from '../inventory/resolvers.js';
import { StatusResolver } from './status.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ResolverClass = Function;

export const coreResolvers: ResolverClass[] = [AuthResolver, StatusResolver, ...inventoryResolvers];

/** The schema with no plugin contributions (used by tests, the SDL emitter and as a fallback). */
export async function buildCoreSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: coreResolvers as NonEmptyArray<ResolverClass>, validate: false });
}
