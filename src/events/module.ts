// The events AppModules:
// - `eventsModule()`: the per-process EventBus (LISTEN partgraph_events), the Postgres-backed
//   GraphQL pubSub, and `app.services.events`. Start it before modules that register consumers.
// - `eventDispatchModule()`: turns committed events into consumer jobs and runs them. Start it
//   AFTER the modules that register consumers (the plugin registry), so that events left
//   undispatched by a crash are dispatched to the consumers this process has at start.
// Both need the jobs module (src/jobs) started before them for dispatching.
import type { AppModule } from '../server/app.js';
import { logger } from '../log.js';
import { EventBus } from './bus.js';
import { EventDispatcher, type DispatcherOptions } from './dispatcher.js';
import { pubSub } from './pubsub.js';
import { EventsService, requireEvents } from './service.js';

const log = logger('events');

export { requireEvents } from './service.js';

export function eventsModule(): AppModule {
  let bus: EventBus | undefined;
  let detachPubSub: (() => Promise<void>) | undefined;
  return {
    name: 'events',
    async start(app) {
      bus = new EventBus({ databaseUrl: app.databaseUrl });
      await bus.start();
      detachPubSub = await pubSub.attach(app.databaseUrl);
      app.services.events = new EventsService(bus, app.orm, () => app.services.jobs);
    },
    async stop(app) {
      if (app.services?.events?.bus === bus) delete app.services.events;
      await detachPubSub?.();
      await bus?.stop();
    },
  };
}

export type DispatchModuleOptions = Partial<
  Omit<DispatcherOptions, 'databaseUrl' | 'jobs' | 'consumers' | 'shouldDispatch'>
>;

export function eventDispatchModule(options: DispatchModuleOptions = {}): AppModule {
  let dispatcher: EventDispatcher | undefined;
  let off: (() => void) | undefined;
  return {
    name: 'event-dispatch',
    async start(app) {
      const events = requireEvents(app.services);
      const jobs = app.services.jobs;
      if (!jobs) throw new Error('event dispatch needs the jobs module (start jobsModule() before it)');
      dispatcher = new EventDispatcher({
        databaseUrl: app.databaseUrl,
        jobs,
        consumers: events.consumers,
        shouldDispatch: () => events.shouldDispatch(),
        ...options,
      });
      off = events.onEvent(() => dispatcher?.poke());
      await dispatcher.start();
      events.dispatcher = dispatcher;
      log.debug(`event dispatch running${jobs.runsWorkers ? ' with workers' : ' (send only)'}`);
    },
    async stop(app) {
      off?.();
      if (app.services?.events?.dispatcher === dispatcher) app.services.events!.dispatcher = undefined;
      await dispatcher?.stop();
    },
  };
}
