// ScheduleMixin's run-time half in one server process: works the plugin task queue (worker/all
// roles) and keeps the pg-boss schedules in line with the ACTIVE plugins' SCHEDULED_TASKS. Every
// process reconciles the schedules with what it runs, so they converge on the active set.
import { withTimeout, type JobContext } from '../../../jobs/queue.js';
import { logger } from '../../../log.js';
import type { InvenTreePlugin } from '../../plugin.js';
import type { MixinHost } from '../lifecycle.js';
import { cronOf } from './cron.js';
import { scheduledTasksOf } from './mixin.js';

const log = logger('plugins');

/** The pg-boss queue every plugin task runs on (one schedule per plugin task, keyed `plugin/task`). */
export const PLUGIN_TASK_QUEUE = 'partgraph.plugin-task';
const DEFAULT_TASK_TIMEOUT_S = 300;
/** The queue-level bound on any task run; each task's own limit is enforced in #run. */
const QUEUE_TIMEOUT_S = 24 * 3600;

export interface PluginTaskJob {
  plugin: string;
  task: string;
}

/** What the given plugins should have scheduled: schedule key (`plugin/task`) → cron/rrule and job. */
export function desiredSchedules(
  plugins: readonly InvenTreePlugin[],
): Map<string, { cron: string; job: PluginTaskJob }> {
  const out = new Map<string, { cron: string; job: PluginTaskJob }>();
  for (const p of plugins) {
    if (!p.hasMixin('schedule')) continue;
    for (const [task, def] of Object.entries(scheduledTasksOf(p)))
      out.set(`${p.key}/${task}`, { cron: cronOf(task, def), job: { plugin: p.key, task } });
  }
  return out;
}

export class PluginScheduler {
  #pending: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: MixinHost) {}

  /** Works the task queue and schedules what the plugins active at start declare. */
  async start(): Promise<void> {
    const jobs = this.host.services.jobs;
    if (!jobs) return;
    await jobs.createQueue(PLUGIN_TASK_QUEUE);
    await jobs.work<PluginTaskJob>(PLUGIN_TASK_QUEUE, (job) => this.#run(job), {
      timeoutSeconds: QUEUE_TIMEOUT_S,
      concurrency: 1,
    });
    await this.reconcile();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  /** Debounced reconcile after activation changes. */
  requestReconcile(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => void this.reconcile().catch((e) => log.error('reconciling plugin schedules failed', e)),
      50,
    );
    this.#timer.unref();
  }

  /** Creates missing or changed schedules and removes those of plugins no longer running. */
  reconcile(): Promise<void> {
    this.#pending = this.#pending.then(async () => {
      const jobs = this.host.services.jobs;
      if (!jobs) return;
      const desired = desiredSchedules(this.host.plugins.activePlugins());
      const existing = await jobs.getSchedules(PLUGIN_TASK_QUEUE);
      for (const s of existing) {
        const want = desired.get(s.key);
        if (!want) {
          await jobs.unschedule(PLUGIN_TASK_QUEUE, s.key);
          log.info(`unscheduled plugin task ${s.key}`);
        } else if (want.cron === s.cron) desired.delete(s.key);
      }
      for (const [key, { cron, job }] of desired) {
        try {
          await jobs.schedule(PLUGIN_TASK_QUEUE, cron, job, { key, retryLimit: 0 });
          log.info(`scheduled plugin task ${key} (${cron})`);
        } catch (e) {
          // One bad schedule must not keep the others from being registered.
          this.host.reportError(
            job.plugin,
            'activation',
            `scheduled task "${job.task}" (${cron}) was refused: ${(e as Error).message}`,
          );
        }
      }
    });
    return this.#pending;
  }

  /** Runs one due task, in a worker process. A throw marks the job failed; the schedule goes on. */
  async #run(job: JobContext<PluginTaskJob>): Promise<void> {
    const { plugin: key, task } = job.data;
    if (!(await this.host.isSwitchOn('ENABLE_PLUGINS_SCHEDULE'))) {
      log.debug(`skipping ${key}:${task}: ENABLE_PLUGINS_SCHEDULE is off`);
      return;
    }
    const plugin = this.host.plugins.getPlugin(key);
    const def = plugin ? scheduledTasksOf(plugin)[task] : undefined;
    if (!plugin || !def) {
      log.debug(`skipping ${key}:${task}: the plugin is not active here`);
      return;
    }
    const fn = (plugin as unknown as Record<string, (...args: unknown[]) => unknown>)[def.func]!;
    const seconds = def.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_S;
    try {
      await withTimeout(
        seconds,
        job.signal,
        async () => fn.apply(plugin, [...(def.args ?? [])]),
        () => new Error(`task ${key}:${task} timed out after ${seconds} s`),
      );
    } catch (e) {
      log.error(`plugin task ${key}:${task} failed`, e);
      throw e;
    }
  }
}
