// The EventMixin's staff GraphQL: event deliveries that failed for good, and re-running them.
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { requireStaff } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';

@ObjectType('EventDelivery', {
  description: 'One event handed to one consumer (an EventMixin plugin is consumer "plugin:<key>").',
})
export class EventDeliveryType {
  @Field(() => ID) jobId!: string;
  @Field(() => String) eventId!: string;
  @Field(() => String) eventName!: string;
  @Field(() => String) consumer!: string;
  @Field(() => String, { description: 'created, retry, active, completed, cancelled or failed.' }) state!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

function checkLimit(limit: number): void {
  if (limit < 1 || limit > 500) throw badInput('limit must be between 1 and 500', 'limit');
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class FailedDeliveriesResolver {
  @Query(() => [EventDeliveryType], {
    description: 'Event deliveries that exhausted their retries, newest first (staff).',
  })
  async failedEventDeliveries(
    @Ctx() ctx: GraphQLContext,
    @Arg('consumer', () => String, { nullable: true, description: 'e.g. "plugin:sample-event-logger"' }) consumer?:
      | string
      | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ): Promise<EventDeliveryType[]> {
    requireStaff(ctx, 'failedEventDeliveries');
    checkLimit(limit);
    const events = ctx.app.events;
    if (!events) return [];
    const found = await events.deliveries({ state: 'failed', consumer: consumer ?? undefined, limit });
    return found.map((d) => Object.assign(new EventDeliveryType(), d));
  }

  @Mutation(() => Boolean, { description: 'Runs a failed event delivery again (staff).' })
  async retryEventDelivery(@Ctx() ctx: GraphQLContext, @Arg('jobId', () => String) jobId: string): Promise<boolean> {
    requireStaff(ctx, 'retryEventDelivery');
    const events = ctx.app.events;
    if (!events) throw new Error('event processing is not running in this server');
    const [job] = await events.deliveries({ jobId, state: 'failed', limit: 1 });
    if (!job) throw badInput(`No failed event delivery with job id "${jobId}"`, 'jobId');
    await events.retryDelivery(jobId);
    return true;
  }
}
