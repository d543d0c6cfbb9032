// Staff views of plugins' background work: event deliveries that failed for good (and re-running
// them), and recent runs of scheduled tasks.
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { requireStaff } from '../../auth/guards.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { jobErrorMessage, type JobState } from '../../jobs/queue.js';
import { PLUGIN_TASK_QUEUE, type PluginTaskJob } from '../registry/integrations.js';

@ObjectType('EventDelivery', { description: 'One event handed to one consumer (an EventMixin plugin is consumer "plugin:<key>").' })
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

@ObjectType('PluginTaskRun', { description: 'One run of a plugin\'s scheduled task.' })
export class PluginTaskRunType {
  @Field(() => ID) jobId!: string;
  @Field(() => String) plugin!: string;
  @Field(() => String) task!: string;
  @Field(() => String) state!: string;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

const STATES = new Set(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']);

function checkLimit(limit: number): void {
  if (limit < 1 || limit > 500) throw badInput('limit must be between 1 and 500', 'limit');
}

@Resolver()
export class BackgroundWorkResolver {
  @Query(() => [EventDeliveryType], { description: 'Event deliveries that exhausted their retries, newest first (staff).' })
  async failedEventDeliveries(
    @Ctx() ctx: GraphQLContext,
    @Arg('consumer', () => String, { nullable: true, description: 'e.g. "plugin:sample-event-logger"' }) consumer?: string | null,
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

  @Query(() => [PluginTaskRunType], { description: 'Recent runs of plugins\' scheduled tasks, newest first (staff).' })
  async pluginTaskRuns(
    @Ctx() ctx: GraphQLContext,
    @Arg('plugin', () => String, { nullable: true }) plugin?: string | null,
    @Arg('state', () => String, { nullable: true, description: 'created, retry, active, completed, cancelled or failed' }) state?: string | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ): Promise<PluginTaskRunType[]> {
    requireStaff(ctx, 'pluginTaskRuns');
    checkLimit(limit);
    if (state && !STATES.has(state)) throw badInput(`state must be one of ${[...STATES].join(', ')}`, 'state');
    const jobs = ctx.app.jobs;
    if (!jobs) return [];
    const found = await jobs.findJobs<PluginTaskJob>(PLUGIN_TASK_QUEUE, { state: (state ?? undefined) as JobState | undefined, data: plugin ? { plugin } : undefined, limit });
    return found.map((j) =>
      Object.assign(new PluginTaskRunType(), {
        jobId: j.id,
        plugin: j.data.plugin,
        task: j.data.task,
        state: j.state,
        error: j.state === 'failed' ? jobErrorMessage(j.output) : null,
        createdAt: j.createdOn,
        startedAt: j.startedOn,
        completedAt: j.completedOn,
      }),
    );
  }
}
