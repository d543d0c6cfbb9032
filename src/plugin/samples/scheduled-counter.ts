// Sample (loaded with PLUGIN_TESTING): the ScheduleMixin. A task that counts its runs: each run
// raises `sample.counter.tick` with the running count. Set FAIL to true to see failed runs
// recorded while the schedule goes on.
import { InvenTreePlugin, triggerEvent } from '../index.js';
import { ScheduleMixin, SettingsMixin, type ScheduledTasks, type SettingDefinitions } from '../mixins/index.js';

export class ScheduledCounterPlugin extends ScheduleMixin(SettingsMixin(InvenTreePlugin)) {
  static override NAME = 'Scheduled Counter';
  static override SLUG = 'sample-scheduled-counter';
  static override DESCRIPTION = 'Sample: a scheduled task (every minute) that counts its runs.';
  static override VERSION = '1.0.0';
  static override SCHEDULED_TASKS: ScheduledTasks = {
    tick: { func: 'tick', schedule: 'I', minutes: 1, timeoutSeconds: 30 },
  };
  static override SETTINGS: SettingDefinitions = {
    RUN_COUNT: { name: 'Runs so far', type: 'integer', default: 0, hidden: true },
    FAIL: { name: 'Fail', description: 'Make every run throw', type: 'boolean', default: false },
  };

  async tick(): Promise<void> {
    if ((await this.getSetting('FAIL')) === true) throw new Error('the counter was told to fail');
    const count = Number(await this.getSetting('RUN_COUNT')) + 1;
    await this.setSetting('RUN_COUNT', count);
    await triggerEvent('sample.counter.tick', { count, pid: process.pid });
  }
}
