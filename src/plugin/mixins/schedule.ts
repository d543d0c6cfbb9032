// ScheduleMixin (InvenTree's ScheduleMixin): a plugin declares SCHEDULED_TASKS; while it is
// active they run on schedule as Postgres-backed jobs (pg-boss cron), once per due time however
// many server processes share the database. The job queue's resolution is one run per minute.
import { MixinImplementationError } from '../errors.js';
import { registerMixin, type PluginClass } from '../mixin-registry.js';
import type { InvenTreePlugin } from '../plugin.js';

/** InvenTree's schedule kinds (I = every `minutes` minutes, H/D/W/M) by letter or name, or a cron string. */
export type ScheduleKind = 'I' | 'H' | 'D' | 'W' | 'M' | 'minutes' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'cron' | 'rrule';

export interface ScheduledTask {
  /** Name of the plugin method to call. */
  func: string;
  schedule: ScheduleKind;
  /** For 'I' / 'minutes': the interval, 1-59 (runs at minutes divisible by it). */
  minutes?: number;
  /** For 'cron': a five-field cron expression (UTC), e.g. '30 2 * * 1-5'. */
  cron?: string;
  /** For 'rrule': an RFC 5545 recurrence rule, e.g. 'FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=6' (at most one run per minute). */
  rrule?: string;
  /** An attempt running longer than this fails (default 300 s). */
  timeoutSeconds?: number;
  /** Arguments passed to the method (JSON values). */
  args?: readonly unknown[];
}

export type ScheduledTasks = Readonly<Record<string, ScheduledTask>>;

interface ScheduleStatics {
  SCHEDULED_TASKS?: ScheduledTasks;
}

export function scheduledTasksOf(plugin: InvenTreePlugin): ScheduledTasks {
  return (plugin.constructor as ScheduleStatics).SCHEDULED_TASKS ?? {};
}

const CRON = /^\s*(\S+\s+){4}\S+\s*$/;

/** The cron expression (or recurrence rule) of a task, UTC; throws MixinImplementationError for a bad definition. */
export function cronOf(name: string, task: ScheduledTask): string {
  const bad = (why: string): never => {
    throw new MixinImplementationError(`scheduled task "${name}": ${why}`);
  };
  switch (task.schedule) {
    case 'I':
    case 'minutes': {
      const n = task.minutes;
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 59) return bad('schedule "I" needs minutes: an integer from 1 to 59');
      return n === 1 ? '* * * * *' : `*/${n} * * * *`;
    }
    case 'H':
    case 'hourly':
      return '0 * * * *';
    case 'D':
    case 'daily':
      return '0 0 * * *';
    case 'W':
    case 'weekly':
      return '0 0 * * 0';
    case 'M':
    case 'monthly':
      return '0 0 1 * *';
    case 'cron':
      if (!task.cron || !CRON.test(task.cron)) return bad('schedule "cron" needs cron: a five-field cron expression');
      return task.cron.trim();
    case 'rrule':
      if (!task.rrule || !/^(DTSTART|RRULE:|FREQ=)/i.test(task.rrule.trim())) return bad('schedule "rrule" needs rrule: a recurrence rule such as FREQ=MINUTELY;INTERVAL=5');
      return task.rrule.trim();
    default:
      return bad(`unknown schedule "${String(task.schedule)}" (I, H, D, W, M, cron or rrule)`);
  }
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
        if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new MixinImplementationError(`${who}: task name "${name}" may use letters, digits, _ and - only`);
        if (typeof (plugin as unknown as Record<string, unknown>)[task?.func] !== 'function') {
          throw new MixinImplementationError(`${who}: task "${name}" calls "${String(task?.func)}", which is not a method of the plugin`);
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
