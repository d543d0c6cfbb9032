// The ValidationMixin's GraphQL: the next serial number / batch code the active plugins give
// (signed-in users; null when no plugin answers).
import { Arg, Ctx, ID, Query, Resolver, UseMiddleware } from 'type-graphql';
import { requireUser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';
import { nextCodeQuery } from '../../../inventory/validators.js';

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class NextCodeResolver {
  @Query(() => String, {
    nullable: true,
    description: 'The next serial number for a part from the ValidationMixin plugins; null when none gives one.',
  })
  async nextSerialNumber(@Ctx() ctx: GraphQLContext, @Arg('part', () => ID) part: string): Promise<string | null> {
    requireUser(ctx);
    return nextCodeQuery(ctx, 'serial', part);
  }

  @Query(() => String, {
    nullable: true,
    description:
      'The next batch code (for a part, or in general) from the ValidationMixin plugins; null when none gives one.',
  })
  async nextBatchCode(
    @Ctx() ctx: GraphQLContext,
    @Arg('part', () => ID, { nullable: true }) part?: string | null,
  ): Promise<string | null> {
    requireUser(ctx);
    return nextCodeQuery(ctx, 'batch', part);
  }
}
