// Raising events: a row in the `events` outbox, written with the change it describes.
//
// `triggerEvent(em, …)` inside `em.transactional(...)` inserts the row on the transaction's
// connection: it commits or rolls back with the caller's changes, and the table's insert
// trigger NOTIFYs `partgraph_events` (Postgres delivers NOTIFY only at commit).
// Outside a transaction it persists the row and flushes `em`, so changes still pending in that
// EntityManager and the event are written in one transaction. (A change flushed *earlier* is
// already committed; to make both atomic, call triggerEvent before that flush or use
// `em.transactional`.)
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent, User } from '../db/entities/index.js';
import type { EventData } from './types.js';

export interface TriggerOptions {
  /** Lower-case model name, e.g. `part`, `stockitem`. */
  model?: string;
  /** Primary key of the instance (stored as text). */
  instanceId?: string | number;
  /** The user who caused the event (a User entity or its id). */
  user?: User | number | null;
}

const NAME_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function check(name: string, data: EventData): void {
  if (!NAME_RE.test(name) || name.length > 255)
    throw new Error(`invalid event name "${name}": use dotted words like "part.created"`);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new Error(`event "${name}": data must be a JSON object`);
}

const userId = (u: TriggerOptions['user']): number | null =>
  u === undefined || u === null ? null : typeof u === 'number' ? u : u.id;

/**
 * Records event `name` in the transaction of `em` (see the file comment). Resolves to the
 * event id once the row is written; subscribers and consumers see it after the commit.
 */
export async function triggerEvent(
  em: EntityManager,
  name: string,
  data: EventData = {},
  opts: TriggerOptions = {},
): Promise<string> {
  check(name, data);
  const model = opts.model ?? null;
  const instanceId = opts.instanceId === undefined || opts.instanceId === null ? null : String(opts.instanceId);
  const user = opts.user ?? null;
  if (em.isInTransaction()) {
    // A user created in this same change gets its id at flush.
    if (user instanceof User && user.id === undefined) await em.flush();
    const rows = await em.execute<Array<{ id: string }>>(
      'insert into events (name, model, instance_id, data, user_id) values (?, ?, ?, ?::jsonb, ?) returning id::text as id',
      [name, model, instanceId, JSON.stringify(data), userId(user)],
    );
    return rows[0]!.id;
  }
  // A reference by id, so a User loaded by another EntityManager is not merged into this one.
  const id = userId(user);
  const ref = user === null ? null : id !== undefined && id !== null ? em.getReference(User, id) : (user as User);
  const row = em.create(OutboxEvent, { name, model, instanceId, data, user: ref });
  await em.flush();
  return String(row.id);
}

/** Raises an event in a transaction of its own (for code that is not inside a change). */
export async function raiseEvent(
  target: MikroORM | EntityManager,
  name: string,
  data: EventData = {},
  opts: TriggerOptions = {},
): Promise<string> {
  const em = (target instanceof MikroORM ? target.em : target).fork() as EntityManager;
  return em.transactional((tx) => triggerEvent(tx as EntityManager, name, data, opts));
}
