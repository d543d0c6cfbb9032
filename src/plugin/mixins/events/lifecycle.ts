// EventMixin at run time: an active plugin is an event consumer of this process ("plugin:<key>"),
// registered on attach and removed on detach; ENABLE_PLUGINS_EVENTS gates dispatch to plugins.
// State is kept per host: one process may run several servers (tests do).
import type { MixinHost, MixinLifecycle } from '../lifecycle.js';
import { FailedDeliveriesResolver } from './admin.js';
import { eventOptionsOf, isEventPlugin } from './mixin.js';

/** The consumer key of a plugin's event handling (shown in event deliveries). */
export function consumerKey(pluginKey: string): string {
  return `plugin:${pluginKey}`;
}

const unregisterByHost = new WeakMap<MixinHost, Map<string, () => void>>();

function registrations(host: MixinHost): Map<string, () => void> {
  let map = unregisterByHost.get(host);
  if (!map) {
    map = new Map();
    unregisterByHost.set(host, map);
  }
  return map;
}

export const eventsLifecycle: MixinLifecycle = {
  name: 'events',
  globalSwitch: 'ENABLE_PLUGINS_EVENTS',
  adminResolvers: [FailedDeliveriesResolver],
  setup(host) {
    host.services.events?.setDispatchGate(() => host.isSwitchOn('ENABLE_PLUGINS_EVENTS'));
  },
  attach(plugin, host) {
    const events = host.services.events;
    if (!events || !isEventPlugin(plugin)) return;
    const mine = registrations(host);
    mine.get(plugin.key)?.();
    mine.set(
      plugin.key,
      events.registerConsumer({
        key: consumerKey(plugin.key),
        ...eventOptionsOf(plugin),
        wants: (event) => plugin.wantsProcessEvent(event),
        process: (event, ctx) => plugin.processEvent(event, ctx),
      }),
    );
  },
  detach(plugin, host) {
    const mine = registrations(host);
    mine.get(plugin.key)?.();
    mine.delete(plugin.key);
  },
  teardown(host) {
    for (const unregister of registrations(host).values()) unregister();
    unregisterByHost.delete(host);
  },
};
