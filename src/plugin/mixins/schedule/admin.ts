// The ScheduleMixin's staff GraphQL: recent runs of plugins' scheduled tasks.
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { requireStaff } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import { jobErrorMessage, type JobState } from '../../../jobs/queue.js';
import { PLUGIN_TASK_QUEUE, type PluginTaskJob } from './scheduler.js';
import { refuseUnsafeText } from '../../../graphql/text-input.js';

@ObjectType('PluginTaskRun', { description: "One run of a plugin's scheduled task." })
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

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class PluginTaskRunsResolver {
  @Query(() => [PluginTaskRunType], { description: "Recent runs of plugins' scheduled tasks, newest first (staff)." })
  async pluginTaskRuns(
    @Ctx() ctx: GraphQLContext,
    @Arg('plugin', () => String, { nullable: true }) plugin?: string | null,
    @Arg('state', () => String, {
      nullable: true,
      description: 'created, retry, active, completed, cancelled or failed',
    })
    state?: string | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ): Promise<PluginTaskRunType[]> {
    requireStaff(ctx, 'pluginTaskRuns');
    checkLimit(limit);
    if (state && !STATES.has(state)) throw badInput(`state must be one of ${[...STATES].join(', ')}`, 'state');
    const jobs = ctx.app.jobs;
    if (!jobs) return [];
    const found = await jobs.findJobs<PluginTaskJob>(PLUGIN_TASK_QUEUE, {
      state: (state ?? undefined) as JobState | undefined,
      data: plugin ? { plugin } : undefined,
      limit,
    });
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
