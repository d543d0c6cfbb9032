// ScheduledTask → the cron expression or recurrence rule the job queue runs it by: every schedule
// kind by letter and by name, and a MixinImplementationError naming the task for each bad definition.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinImplementationError } from '../../errors.js';
import { cronOf } from './cron.js';
import type { ScheduledTask } from './cron.js';

const task = (t: Omit<ScheduledTask, 'func'>): ScheduledTask => ({ func: 'run', ...t });

function refuses(t: Omit<ScheduledTask, 'func'>, message: string): void {
  assert.throws(
    () => cronOf('nightly', task(t)),
    (e: unknown) => {
      assert.ok(e instanceof MixinImplementationError);
      assert.equal(e.name, 'MixinImplementationError');
      assert.equal(e.message, `scheduled task "nightly": ${message}`);
      return true;
    },
  );
}

describe('cronOf', () => {
  it('runs "I" / "minutes" every n minutes (at minutes divisible by n)', () => {
    for (const schedule of ['I', 'minutes'] as const) {
      assert.equal(cronOf('t', task({ schedule, minutes: 1 })), '* * * * *');
      assert.equal(cronOf('t', task({ schedule, minutes: 5 })), '*/5 * * * *');
      assert.equal(cronOf('t', task({ schedule, minutes: 59 })), '*/59 * * * *');
    }
  });

  it('refuses "I" without an integer number of minutes from 1 to 59', () => {
    const why = 'schedule "I" needs minutes: an integer from 1 to 59';
    for (const minutes of [undefined, 0, 60, -5, 1.5, Number.NaN]) {
      refuses({ schedule: 'I', minutes }, why);
      refuses({ schedule: 'minutes', minutes }, why);
    }
  });

  it('maps the fixed kinds, by letter and by name', () => {
    const expected: Array<[ScheduledTask['schedule'], ScheduledTask['schedule'], string]> = [
      ['H', 'hourly', '0 * * * *'],
      ['D', 'daily', '0 0 * * *'],
      ['W', 'weekly', '0 0 * * 0'],
      ['M', 'monthly', '0 0 1 * *'],
    ];
    for (const [letter, name, cron] of expected) {
      assert.equal(cronOf('t', task({ schedule: letter })), cron, letter);
      assert.equal(cronOf('t', task({ schedule: name })), cron, name);
    }
  });

  it('passes a five-field cron expression through, trimmed', () => {
    assert.equal(cronOf('t', task({ schedule: 'cron', cron: '30 2 * * 1-5' })), '30 2 * * 1-5');
    assert.equal(cronOf('t', task({ schedule: 'cron', cron: '  */10  *  * * *  ' })), '*/10  *  * * *');
  });

  it('refuses a missing cron expression or one without exactly five fields', () => {
    const why = 'schedule "cron" needs cron: a five-field cron expression';
    for (const cron of [undefined, '', '* * * *', '0 * * * * *', 'every day']) refuses({ schedule: 'cron', cron }, why);
  });

  it('passes a recurrence rule through, trimmed (RRULE:, FREQ= or DTSTART, any case)', () => {
    for (const rrule of [
      'FREQ=MINUTELY;INTERVAL=5',
      'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=6',
      'DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY',
      'freq=daily',
    ]) {
      assert.equal(cronOf('t', task({ schedule: 'rrule', rrule: `  ${rrule}\n` })), rrule);
    }
  });

  it('refuses a missing recurrence rule or one that does not start like one', () => {
    const why = 'schedule "rrule" needs rrule: a recurrence rule such as FREQ=MINUTELY;INTERVAL=5';
    for (const rrule of [undefined, '', '   ', 'every monday', '*/5 * * * *'])
      refuses({ schedule: 'rrule', rrule }, why);
  });

  it('accepts a rule whose FREQ part is not first (RFC 5545 allows any order; the job queue accepts it)', () => {
    assert.equal(cronOf('t', task({ schedule: 'rrule', rrule: 'INTERVAL=5;FREQ=DAILY' })), 'INTERVAL=5;FREQ=DAILY');
  });

  it('refuses an unknown schedule kind, listing the known ones', () => {
    refuses({ schedule: 'Y' as ScheduledTask['schedule'] }, 'unknown schedule "Y" (I, H, D, W, M, cron or rrule)');
    refuses(
      { schedule: undefined as unknown as ScheduledTask['schedule'] },
      'unknown schedule "undefined" (I, H, D, W, M, cron or rrule)',
    );
  });
});
