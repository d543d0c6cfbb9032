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
}

@Resolver()
export class StatusResolver {
  @Query(() => ServerStatus)
  serverStatus(@Ctx() ctx: GraphQLContext): ServerStatus {
    requireUser(ctx);
    const s = ctx.app.schema.current;
    return { version: SERVER_VERSION, schemaHash: s.hash, schemaVersion: s.version, schemaBuiltAt: s.builtAt };
  }
}
