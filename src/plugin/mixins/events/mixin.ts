// EventMixin (InvenTree's EventMixin): a plugin reacts to events in the background. While a plugin
// with this mixin is ACTIVE it is an event consumer (lifecycle.ts): `wantsProcessEvent` filters
// cheaply when an event is dispatched; `processEvent` runs later in a worker process as a
// Postgres-backed job, at least once, retried with backoff, timed out if it hangs.
import type { ConsumerContext, ConsumerOptions, EventRecord } from '../../../events/types.js';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';

export type { ConsumerContext as EventContext, EventRecord } from '../../../events/types.js';
/** `eventNameMatches('part.*', 'part.created')`: exact names, or a prefix followed by `*` (as in the events subscription). */
export { nameMatches as eventNameMatches } from '../../../events/types.js';
/** Retry and timeout policy of a plugin's event handling (see docs/events.md for defaults). */
export type EventOptions = ConsumerOptions;

interface EventStatics {
  EVENT_OPTIONS?: EventOptions;
}

/** What the registry needs from a plugin with EventMixin. */
export interface EventHandlingPlugin extends InvenTreePlugin {
  wantsProcessEvent(event: EventRecord): boolean | Promise<boolean>;
  processEvent(event: EventRecord, context: ConsumerContext): Promise<void>;
}

export function eventOptionsOf(plugin: InvenTreePlugin): EventOptions {
  return (plugin.constructor as EventStatics).EVENT_OPTIONS ?? {};
}

export function isEventPlugin(plugin: InvenTreePlugin): plugin is EventHandlingPlugin {
  return plugin.hasMixin('events');
}

/**
 * ```ts
 * class Logger extends EventMixin(InvenTreePlugin) {
 *   static EVENT_OPTIONS = { retryLimit: 5, timeoutSeconds: 30 };
 *   wantsProcessEvent(e) { return e.name.startsWith('stockitem.'); }
 *   async processEvent(e, { signal }) { ... }
 * }
 * ```
 */
/**
 * The default processEvent of every class EventMixin made. The mixin's definition is recorded once
 * (at the first EventMixin call), so its check must not compare with one class's default only.
 */
const defaultProcessEvents = new WeakSet<object>();

export function EventMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Events extends Base {
    /** Optional: retryLimit, retryDelay (s), retryBackoff, timeoutSeconds. */
    static EVENT_OPTIONS: EventOptions = {};

    /** Cheap filter run when the event is dispatched. Default: every event. */
    wantsProcessEvent(_event: EventRecord): boolean | Promise<boolean> {
      return true;
    }

    /** The work. Throw to fail this attempt (it is retried); honour `context.signal` on long work. */
    async processEvent(_event: EventRecord, _context: ConsumerContext): Promise<void> {
      throw new MixinImplementationError(`plugin "${this.key}" must implement processEvent()`);
    }
  }
  defaultProcessEvents.add(Events.prototype.processEvent);
  registerMixin(Events, {
    name: 'events',
    humanName: 'Events',
    validate(plugin) {
      const p = plugin as unknown as Events;
      if (defaultProcessEvents.has(p.processEvent))
        throw new MixinImplementationError(`plugin '${plugin.key}' (EventMixin) must implement processEvent(event)`);
      const o = eventOptionsOf(plugin);
      for (const k of ['retryLimit', 'retryDelay', 'timeoutSeconds'] as const) {
        const v = o[k];
        if (v !== undefined && (!Number.isFinite(v) || v < 0))
          throw new MixinImplementationError(
            `plugin '${plugin.key}' (EventMixin): EVENT_OPTIONS.${k} must be a number >= 0`,
          );
      }
    },
  });
  return Events;
}
