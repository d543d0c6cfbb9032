// ScheduleMixin (InvenTree's ScheduleMixin): a plugin declares SCHEDULED_TASKS; while it is
// active they run on schedule as Postgres-backed jobs (pg-boss cron), once per due time however
// many server processes share the database (scheduler.ts). The job queue's resolution is one run per minute.
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';
import { cronOf, type ScheduledTasks } from './cron.js';

export type { ScheduleKind, ScheduledTask, ScheduledTasks } from './cron.js';

interface ScheduleStatics {
  SCHEDULED_TASKS?: ScheduledTasks;
}

export function scheduledTasksOf(plugin: InvenTreePlugin): ScheduledTasks {
  return (plugin.constructor as ScheduleStatics).SCHEDULED_TASKS ?? {};
}

/**
 * ```ts
 * class Counter extends ScheduleMixin(InvenTreePlugin) {
 *   static SCHEDULED_TASKS = { tick: { func: 'tick', schedule: 'I', minutes: 5 } };
 *   async tick() { ... }
 * }
 * ```
 */
export function ScheduleMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Schedule extends Base {
    static SCHEDULED_TASKS: ScheduledTasks = {};
  }
  registerMixin(Schedule, {
    name: 'schedule',
    humanName: 'Schedule',
    validate(plugin) {
      const tasks = scheduledTasksOf(plugin);
      const who = `plugin '${plugin.key}' (ScheduleMixin)`;
      if (!Object.keys(tasks).length) throw new MixinImplementationError(`${who}: SCHEDULED_TASKS is empty`);
      for (const [name, task] of Object.entries(tasks)) {
        if (!/^[A-Za-z0-9_-]+$/.test(name))
          throw new MixinImplementationError(`${who}: task name "${name}" may use letters, digits, _ and - only`);
        if (typeof (plugin as unknown as Record<string, unknown>)[task?.func] !== 'function') {
          throw new MixinImplementationError(
            `${who}: task "${name}" calls "${String(task?.func)}", which is not a method of the plugin`,
          );
        }
        try {
          cronOf(name, task);
        } catch (e) {
          throw new MixinImplementationError(`${who}: ${(e as Error).message}`);
        }
      }
    },
  });
  return Schedule;
}
