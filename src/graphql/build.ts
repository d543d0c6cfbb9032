// The one place that calls type-graphql's buildSchema, for the core schema and for composed
// (core + plugins) schemas alike. It first forgets the field lists earlier builds computed:
// type-graphql 2.0.0-rc.4 leaks field resolvers across builds (see type-graphql-metadata.ts).
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type NonEmptyArray } from 'type-graphql';
import { pubSub } from '../events/pubsub.js';
import { clearBuiltFieldLists, withOnlyFieldResolversOf, type SchemaClass } from './type-graphql-metadata.js';

export type { SchemaClass } from './type-graphql-metadata.js';

export interface TypeGraphQLBuild {
  resolvers: SchemaClass[];
  /** Types included even when no resolver returns them (type-graphql orphanedTypes). */
  types?: SchemaClass[];
  /** Creates resolver instances; default `new cls()`. */
  container?: ContainerType;
}

/**
 * Field extension for a subscription whose resolver returns the event unchanged: the event is
 * then delivered without type-graphql's per-event argument conversion and middlewares (the
 * `subscribe` function must check the arguments itself, once).
 */
export const IDENTITY_SUBSCRIPTION_RESOLVE = 'partgraphIdentityResolve';

/**
 * Field extension for a subscription whose results depend only on the event, the arguments and
 * the subscriber's role (never on who the user is beyond the `subscribe` check): identical
 * subscriptions then share one execution per event (src/server/shared-subscriptions.ts).
 */
export const SHARED_SUBSCRIPTION_EXECUTION = 'partgraphSharedExecution';

export async function buildTypeGraphQLSchema(build: TypeGraphQLBuild): Promise<GraphQLSchema> {
  clearBuiltFieldLists();
  const schema = await withOnlyFieldResolversOf(build.resolvers, () =>
    buildSchema({
      resolvers: build.resolvers as NonEmptyArray<SchemaClass>,
      orphanedTypes: build.types,
      container: build.container,
      pubSub,
      validate: false,
    }),
  );
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    if (field.extensions[IDENTITY_SUBSCRIPTION_RESOLVE]) field.resolve = (event: unknown) => event;
  }
  return schema;
}
