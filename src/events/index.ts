// Public API of events (see docs/events.md).
export { triggerEvent, raiseEvent, type TriggerOptions } from './trigger.js';
export { matchesFilter, nameMatches } from './types.js';
export type { ConsumerContext, ConsumerOptions, EventConsumer, EventData, EventFilter, EventRecord } from './types.js';
export { EventBus, EVENTS_CHANNEL, type EventListener } from './bus.js';
export { EventsService, type DeliveryFilter, type EventDelivery } from './service.js';
export {
  ConsumerRegistry,
  DEFAULT_CONSUMER_OPTIONS,
  EVENT_JOB_QUEUE,
  EventDispatcher,
  type EventJobData,
} from './dispatcher.js';
export { eventsModule, eventDispatchModule, requireEvents, type DispatchModuleOptions } from './module.js';
export { pubSub, PgPubSub, PUBSUB_CHANNEL } from './pubsub.js';
