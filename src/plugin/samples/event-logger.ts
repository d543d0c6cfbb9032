// Sample (loaded with PLUGIN_TESTING): the EventMixin. Logs the events it is configured to see
// by raising `sample.eventlog.seen` (so a test or a subscriber can watch it), and can be told
// to fail or hang on some events to show retries and timeouts. For part events it also records
// the part's current name, read through the data API (`this.data.parts.get`).
import { InvenTreePlugin, triggerEvent } from '../index.js';
import {
  EventMixin,
  eventNameMatches,
  SettingsMixin,
  type EventContext,
  type EventOptions,
  type EventRecord,
  type SettingDefinitions,
} from '../mixins/index.js';

const OWN_EVENTS = 'sample.eventlog.';

/** `part.*,stockitem.created` → matcher; empty matches nothing. */
function matcher(patterns: string): (name: string) => boolean {
  const list = patterns
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return (name) => list.some((p) => eventNameMatches(p, name));
}

export class EventLoggerPlugin extends EventMixin(SettingsMixin(InvenTreePlugin)) {
  static override NAME = 'Event Logger';
  static override SLUG = 'sample-event-logger';
  static override DESCRIPTION = 'Sample: records the events it sees (setting-controlled), in the background.';
  static override VERSION = '1.0.0';
  static override EVENT_OPTIONS: EventOptions = { retryLimit: 2, retryDelay: 1, retryBackoff: true, timeoutSeconds: 3 };
  static override SETTINGS: SettingDefinitions = {
    EVENTS: {
      name: 'Events to log',
      description: 'Comma-separated names; a trailing * matches a prefix',
      default: '*',
    },
    FAIL_ON: { name: 'Fail on', description: 'Events whose processing throws (to see retries)', default: '' },
    HANG_ON: { name: 'Hang on', description: 'Events whose processing never finishes (to see timeouts)', default: '' },
  };

  // Settings are read when the event is processed; wantsProcessEvent stays cheap and synchronous.
  override wantsProcessEvent(event: EventRecord): boolean {
    return !event.name.startsWith(OWN_EVENTS);
  }

  override async processEvent(event: EventRecord, context: EventContext): Promise<void> {
    const settings = await this.getSettings();
    if (!matcher(String(settings.EVENTS ?? ''))(event.name)) return;
    if (matcher(String(settings.FAIL_ON ?? ''))(event.name))
      throw new Error(`configured to fail on ${event.name} (attempt ${context.attempt})`);
    if (matcher(String(settings.HANG_ON ?? ''))(event.name)) {
      await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
      return;
    }
    await triggerEvent(`${OWN_EVENTS}seen`, {
      eventId: event.id,
      name: event.name,
      attempt: context.attempt,
      pid: process.pid,
      ...(await this.#partName(event)),
    });
  }

  /** For a part event: the part's current name, read through the data API (gone after a delete). */
  async #partName(event: EventRecord): Promise<{ partName?: string | null }> {
    if (event.model !== 'part' || event.instanceId === null) return {};
    const part = await this.data.parts.get(event.instanceId);
    return { partName: part?.name ?? null };
  }
}
