// ScheduleMixin at run time: one PluginScheduler per server process (per host), started at setup;
// every attach/detach of a plugin with the mixin asks it to reconcile the schedules.
import type { MixinHost, MixinLifecycle } from '../lifecycle.js';
import { PluginTaskRunsResolver } from './admin.js';
import { PluginScheduler } from './scheduler.js';

const schedulers = new WeakMap<MixinHost, PluginScheduler>();

export const scheduleLifecycle: MixinLifecycle = {
  name: 'schedule',
  globalSwitch: 'ENABLE_PLUGINS_SCHEDULE',
  adminResolvers: [PluginTaskRunsResolver],
  async setup(host) {
    const scheduler = new PluginScheduler(host);
    schedulers.set(host, scheduler);
    await scheduler.start();
  },
  attach(_plugin, host) {
    schedulers.get(host)?.requestReconcile();
  },
  detach(_plugin, host) {
    schedulers.get(host)?.requestReconcile();
  },
  teardown(host) {
    schedulers.get(host)?.stop();
    schedulers.delete(host);
  },
};
