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

export async function buildTypeGraphQLSchema(build: TypeGraphQLBuild): Promise<GraphQLSchema> {
  clearBuiltFieldLists();
  return withOnlyFieldResolversOf(build.resolvers, () =>
    buildSchema({
      resolvers: build.resolvers as NonEmptyArray<SchemaClass>,
      orphanedTypes: build.types,
      container: build.container,
      pubSub,
      validate: false,
    }),
  );
}
