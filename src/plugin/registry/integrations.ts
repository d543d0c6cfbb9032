// Connects running plugins to the background machinery of their process:
// - EventMixin plugins become event consumers while they run (and only then), gated by
//   ENABLE_PLUGINS_EVENTS;
// - ScheduleMixin plugins' SCHEDULED_TASKS become pg-boss schedules while they run; every
//   process reconciles the schedules with what it runs, so they converge on the active set.
import { withTimeout, type JobContext } from '../../jobs/queue.js';
import { logger } from '../../log.js';
import type { App } from '../../server/app.js';
import { eventOptionsOf, isEventPlugin } from '../mixins/events.js';
import { cronOf, scheduledTasksOf } from '../mixins/schedule.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { PluginRegistry } from './registry.js';

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

export function consumerKey(pluginKey: string): string {
  return `plugin:${pluginKey}`;
}

/** Registers/unregisters event consumers as plugins start and stop here. */
export function connectPluginEvents(registry: PluginRegistry, app: App): () => void {
  app.services.events?.setDispatchGate(() => registry.flag('ENABLE_PLUGINS_EVENTS'));
  const unregister = new Map<string, () => void>();
  const off = registry.onActiveChange((plugin, active) => {
    const events = app.services.events;
    if (!events || !isEventPlugin(plugin)) return;
    unregister.get(plugin.key)?.();
    unregister.delete(plugin.key);
    if (!active) return;
    unregister.set(
      plugin.key,
      events.registerConsumer({
        key: consumerKey(plugin.key),
        ...eventOptionsOf(plugin),
        wants: (event) => plugin.wantsProcessEvent(event),
        process: (event, ctx) => plugin.processEvent(event, ctx),
      }),
    );
  });
  return () => {
    off();
    for (const u of unregister.values()) u();
  };
}

/** What `plugin` should have scheduled: schedule key → cron/rrule. */
function desiredSchedules(plugins: InvenTreePlugin[]): Map<string, { cron: string; job: PluginTaskJob }> {
  const out = new Map<string, { cron: string; job: PluginTaskJob }>();
  for (const p of plugins) {
    if (!p.hasMixin('schedule')) continue;
    for (const [task, def] of Object.entries(scheduledTasksOf(p))) out.set(`${p.key}/${task}`, { cron: cronOf(task, def), job: { plugin: p.key, task } });
  }
  return out;
}

export class PluginScheduler {
  #pending: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #off: (() => void) | undefined;

  constructor(
    private readonly registry: PluginRegistry,
    private readonly app: App,
  ) {}

  /** Works the task queue (worker/all roles) and keeps schedules in line with active plugins. */
  async start(): Promise<void> {
    const jobs = this.app.services.jobs;
    if (!jobs) return;
    await jobs.createQueue(PLUGIN_TASK_QUEUE);
    await jobs.work<PluginTaskJob>(PLUGIN_TASK_QUEUE, (job) => this.#run(job), { timeoutSeconds: QUEUE_TIMEOUT_S, concurrency: 1 });
    this.#off = this.registry.onActiveChange((plugin) => {
      if (plugin.hasMixin('schedule')) this.requestReconcile();
    });
    await this.reconcile();
  }

  stop(): void {
    this.#off?.();
    clearTimeout(this.#timer);
  }

  /** Debounced reconcile after activation changes. */
  requestReconcile(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reconcile().catch((e) => log.error('reconciling plugin schedules failed', e)), 50);
    this.#timer.unref();
  }

  /** Creates missing or changed schedules and removes those of plugins no longer running. */
  reconcile(): Promise<void> {
    this.#pending = this.#pending.then(async () => {
      const jobs = this.app.services.jobs;
      if (!jobs) return;
      const desired = desiredSchedules(this.registry.activePlugins());
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
          this.registry.reportError(job.plugin, 'activation', `scheduled task "${job.task}" (${cron}) was refused: ${(e as Error).message}`);
        }
      }
    });
    return this.#pending;
  }

  /** Runs one due task, in a worker process. A throw marks the job failed; the schedule goes on. */
  async #run(job: JobContext<PluginTaskJob>): Promise<void> {
    const { plugin: key, task } = job.data;
    if (!(await this.registry.flag('ENABLE_PLUGINS_SCHEDULE'))) {
      log.debug(`skipping ${key}:${task}: ENABLE_PLUGINS_SCHEDULE is off`);
      return;
    }
    const plugin = this.registry.getPlugin(key);
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
