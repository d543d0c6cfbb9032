// Raising custom events from plugin code (exported by src/plugin/index.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { raiseEvent, triggerEvent as triggerInTransaction, type TriggerOptions } from '../events/trigger.js';
import type { EventData } from '../events/types.js';
import { registry } from './registry/instance.js';

export interface PluginTriggerOptions extends TriggerOptions {
  /** Record the event in this EntityManager's transaction (e.g. `ctx.em` in a resolver); default: its own transaction. */
  em?: EntityManager;
}

/**
 * Records a custom event, e.g. `await triggerEvent('myplugin.synced', { count: 3 })`. Subscribers
 * (`events` subscription) and EventMixin plugins on every server process receive it after commit.
 */
export function triggerEvent(name: string, data: EventData = {}, options: PluginTriggerOptions = {}): Promise<string> {
  const { em, ...opts } = options;
  return em ? triggerInTransaction(em, name, data, opts) : raiseEvent(registry.orm, name, data, opts);
}
