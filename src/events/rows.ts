// Reading outbox rows as EventRecords (one SELECT shape shared by bus, dispatcher and GraphQL).
import type { EventData, EventRecord } from './types.js';

/** Select list + join; append a WHERE/ORDER clause. Columns match `EventRow`. */
export const EVENT_SELECT = `select e.id::text as id, e.name, e.model, e.instance_id, e.data, e.created_at, e.user_id, u.username
  from events e left join users u on u.id = e.user_id`;

export interface EventRow {
  id: string;
  name: string;
  model: string | null;
  instance_id: string | null;
  data: EventData | null;
  created_at: Date | string;
  user_id: number | null;
  username: string | null;
}

export function toEventRecord(r: EventRow): EventRecord {
  return {
    id: String(r.id),
    name: r.name,
    model: r.model,
    instanceId: r.instance_id,
    data: r.data ?? {},
    user: r.user_id !== null && r.username !== null ? { id: Number(r.user_id), username: r.username } : null,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
  };
}

/** Minimal query interface: a pg.Client, pg.Pool or pg.PoolClient. */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export async function fetchEventsByIds(db: Queryable, ids: readonly string[]): Promise<EventRecord[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<EventRow>(`${EVENT_SELECT} where e.id = any($1::bigint[]) order by e.id`, [ids]);
  return rows.map(toEventRecord);
}
