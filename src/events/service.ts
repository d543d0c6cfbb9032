// `app.services.events`: the one object other modules (EventMixin, GraphQL, tests) use.
import type { MikroORM } from '../db/orm.js';
import { jobErrorMessage, type JobQueue, type JobState } from '../jobs/queue.js';
import { ConsumerRegistry, EVENT_JOB_QUEUE, type EventDispatcher, type EventJobData } from './dispatcher.js';
import type { EventBus, EventListener } from './bus.js';
import { raiseEvent, type TriggerOptions } from './trigger.js';
import type { EventConsumer, EventData, EventFilter, EventRecord } from './types.js';
import type { AppServices } from '../graphql/context.js';

declare module '../graphql/context.js' {
  interface AppServices {
    /** Events: subscriptions, consumers, dispatch gate (absent when the events module is not running). */
    events?: EventsService;
  }
}

/** `app.services.events`, or a clear error when the events module is not part of this server. */
export function requireEvents(services: AppServices): EventsService {
  if (!services.events) throw new Error('the events module is not running in this server');
  return services.events;
}

/** One (event, consumer) delivery job, for staff views of failed processing. */
export interface EventDelivery {
  jobId: string;
  eventId: string;
  eventName: string;
  consumer: string;
  state: JobState;
  /** Attempts made so far (1 + retries). */
  attempts: number;
  /** Total attempts allowed (1 + retryLimit). */
  maxAttempts: number;
  /** Message of the last failure, if the job failed or is waiting for a retry. */
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface DeliveryFilter {
  /** One delivery by its pg-boss job id. */
  jobId?: string;
  consumer?: string;
  eventId?: string;
  state?: JobState;
  limit?: number;
}

export class EventsService {
  readonly consumers = new ConsumerRegistry();
  #gate: () => Promise<boolean> = async () => true;
  /** Set by the dispatch module while it runs. */
  dispatcher: EventDispatcher | undefined;

  constructor(
    readonly bus: EventBus,
    private readonly orm: MikroORM,
    private readonly jobs: () => JobQueue | undefined,
  ) {}

  /** Live stream of committed events matching `filter` (see EventFilter), from now on. */
  subscribe(filter: EventFilter = {}): AsyncIterableIterator<EventRecord> {
    return this.bus.subscribe(filter);
  }

  /** In-process callback for every committed event this process hears; returns the unsubscribe. */
  onEvent(listener: EventListener): () => void {
    return this.bus.onEvent(listener);
  }

  /**
   * Registers a background consumer in this process (replacing one with the same key).
   * From now on, events dispatched while it is registered and that it `wants` become jobs.
   * Returns a function removing this registration.
   */
  registerConsumer(consumer: EventConsumer): () => void {
    return this.consumers.register(consumer);
  }

  unregisterConsumer(key: string): boolean {
    return this.consumers.unregister(key);
  }

  /**
   * The global gate (ENABLE_PLUGINS_EVENTS): asked once per dispatch batch; when it resolves
   * false, events are marked dispatched without creating jobs. Default: always true.
   */
  setDispatchGate(gate: () => Promise<boolean>): void {
    this.#gate = gate;
  }

  shouldDispatch(): Promise<boolean> {
    return this.#gate();
  }

  /** Raises an event in its own transaction (use `triggerEvent(em, …)` inside a change). */
  raise(name: string, data: EventData = {}, opts: TriggerOptions = {}): Promise<string> {
    return raiseEvent(this.orm, name, data, opts);
  }

  /** Runs a dispatch pass now and waits for it (the dispatcher also runs on every event). */
  async dispatchNow(): Promise<void> {
    await this.dispatcher?.flush();
  }

  /** Delivery jobs, newest first. */
  async deliveries(filter: DeliveryFilter = {}): Promise<EventDelivery[]> {
    const jobs = this.#requireJobs();
    const data: Partial<EventJobData> = {};
    if (filter.consumer) data.consumer = filter.consumer;
    if (filter.eventId) data.eventId = filter.eventId;
    const found = await jobs.findJobs<EventJobData>(EVENT_JOB_QUEUE, {
      id: filter.jobId,
      state: filter.state,
      data,
      limit: filter.limit,
    });
    return found.map((j) => ({
      jobId: j.id,
      eventId: j.data.eventId,
      eventName: j.data.name,
      consumer: j.data.consumer,
      state: j.state,
      attempts: j.retryCount + (j.state === 'created' ? 0 : 1),
      maxAttempts: j.retryLimit + 1,
      error: j.state === 'failed' || j.state === 'retry' ? jobErrorMessage(j.output) : null,
      createdAt: j.createdOn,
      completedAt: j.completedOn,
    }));
  }

  /** Re-runs a failed delivery job. */
  async retryDelivery(jobId: string): Promise<void> {
    await this.#requireJobs().retry(EVENT_JOB_QUEUE, jobId);
  }

  #requireJobs(): JobQueue {
    const jobs = this.jobs();
    if (!jobs) throw new Error('the job queue is not running in this server');
    return jobs;
  }
}
