import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { requireUser } from '../auth/guards.js';
import { SERVER_VERSION } from '../version.js';
import type { GraphQLContext } from './context.js';

@ObjectType({ description: 'The running server and its current schema.' })
export class ServerStatus {
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'Hash of the schema currently served; changes when plugins change it.' })
  schemaHash!: string;
  @Field(() => Int) schemaVersion!: number;
  @Field(() => Date) schemaBuiltAt!: Date;
  @Field(() => String, {
    description: 'How HTTP operations are executed: `jit` (graphql-jit) or `graphql-js` (EXECUTOR).',
  })
  executor!: string;
  @Field(() => Int, { description: 'Compiled operations held in the cache (dropped on every schema change).' })
  compiledOperations!: number;
  @Field(() => Int, {
    description: 'Operations executed by graphql-js because graphql-jit could not compile them, since start.',
  })
  executorFallbacks!: number;
}

@Resolver()
export class StatusResolver {
  @Query(() => ServerStatus)
  serverStatus(@Ctx() ctx: GraphQLContext): ServerStatus {
    requireUser(ctx);
    const s = ctx.app.schema.current;
    const ex = ctx.app.executorStats?.();
    return {
      version: SERVER_VERSION,
      schemaHash: s.hash,
      schemaVersion: s.version,
      schemaBuiltAt: s.builtAt,
      executor: ex?.kind ?? 'graphql-js',
      compiledOperations: ex?.cached ?? 0,
      executorFallbacks: ex?.fallbacks ?? 0,
    };
  }
}
