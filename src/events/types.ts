// Shapes shared by the event outbox, the bus, the dispatcher and the GraphQL API.

/** JSON-compatible event payload (stored as jsonb). */
export type EventData = Record<string, unknown>;

/** One committed event, as read back from the `events` outbox table. */
export interface EventRecord {
  /** bigserial id as a decimal string; ids grow with insertion (not strictly with commit) order. */
  id: string;
  /** Dotted name, e.g. `part.created`, `plugin.activated`, `myplugin.something`. */
  name: string;
  /** Lower-case model name (`part`, `stockitem`, `pluginconfig`…) or null for custom events. */
  model: string | null;
  /** Primary key of the instance the event is about, as text, or null. */
  instanceId: string | null;
  data: EventData;
  /** The user who caused it (null for system events or after the user was deleted). */
  user: { id: number; username: string } | null;
  createdAt: Date;
}

/**
 * Which events a subscriber wants. Omitted or empty lists match everything.
 * `names` entries are exact names, or a prefix followed by `*` (`part.*`, `*`).
 * `models` entries are exact model names.
 */
export interface EventFilter {
  names?: readonly string[] | null;
  models?: readonly string[] | null;
}

/** True when `name` matches one pattern: exact, or `prefix*` (the prefix may be empty). */
export function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

export function matchesFilter(filter: EventFilter, event: Pick<EventRecord, 'name' | 'model'>): boolean {
  if (filter.names?.length && !filter.names.some((p) => nameMatches(p, event.name))) return false;
  if (filter.models?.length && (event.model === null || !filter.models.includes(event.model))) return false;
  return true;
}

/** What a consumer's `process` receives besides the event. */
export interface ConsumerContext {
  /** Aborted when the job times out or the worker stops; long handlers should honour it. */
  signal: AbortSignal;
  /** 0 on the first attempt, then 1, 2… on retries. */
  attempt: number;
  /** pg-boss job id of this delivery. */
  jobId: string;
}

/** Delivery policy of one consumer (every field optional; defaults in docs/events.md). */
export interface ConsumerOptions {
  /** Retries after the first failed attempt (default 3). */
  retryLimit?: number;
  /** Seconds before the first retry (default 5). */
  retryDelay?: number;
  /** Exponential backoff with jitter between retries (default true). */
  retryBackoff?: boolean;
  /** An attempt running longer than this fails with a timeout (default 60). */
  timeoutSeconds?: number;
}

/**
 * A background event consumer (the EventMixin registers one per active plugin). Registered in
 * every process; `wants` runs in the process that dispatches the event, `process` in a worker
 * process (role `worker` or `all`) as a pg-boss job, at least once per (event, consumer).
 */
export interface EventConsumer extends ConsumerOptions {
  /** Unique per consumer, stable across processes and restarts (e.g. `plugin:<key>`). */
  key: string;
  /** Cheap filter, evaluated at dispatch time. */
  wants(event: EventRecord): boolean | Promise<boolean>;
  /** Does the work; throw to fail the attempt (it is retried per the options). */
  process(event: EventRecord, ctx: ConsumerContext): Promise<void>;
}
