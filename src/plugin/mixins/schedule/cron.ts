// Turning a ScheduledTask (InvenTree's schedule kinds) into the cron expression or recurrence rule
// the job queue runs it by. Pure: no I/O.
import { MixinImplementationError } from '../../errors.js';
/** InvenTree's schedule kinds (I = every `minutes` minutes, H/D/W/M) by letter or name, or a cron string. */
export type ScheduleKind =
  | 'I'
  | 'H'
  | 'D'
  | 'W'
  | 'M'
  | 'minutes'
  | 'hourly'
  | 'daily'
  | 'weekly'
  | 'monthly'
  | 'cron'
  | 'rrule';

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
      if (n === undefined || !Number.isInteger(n) || n < 1 || n > 59)
        return bad('schedule "I" needs minutes: an integer from 1 to 59');
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
      if (!task.rrule || !/^(DTSTART|RRULE:)|(^|;)FREQ=/i.test(task.rrule.trim()))
        return bad('schedule "rrule" needs rrule: a recurrence rule such as FREQ=MINUTELY;INTERVAL=5');
      return task.rrule.trim();
    default:
      return bad(`unknown schedule "${String(task.schedule)}" (I, H, D, W, M, cron or rrule)`);
  }
}
