// The lean read path: list and by-id reads that only serve GraphQL load rows into plain instances
// of the entity classes (same class, same property names, to-one relations as `{ id }` references)
// without the ORM's hydration, identity map or change tracking, which cost most of a read's CPU.
// What must stay true: these objects are read-only snapshots for resolvers (and plugins, which see
// the documented core types); writes load their own managed entities through the ORM (with its
// validation and events), never these. One SQL statement per call, like em.find.
// The SQL of a call is built by MikroORM's QueryBuilder once per distinct (entity, where, order,
// page) and reused (bounded LRU): building it costs more CPU than running it. A where that is not
// plain JSON data (entities, RegExps, undefined values, bigints) is never cached.
import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface LeanOptions<T> {
  orderBy?: QueryOrderMap<T>[];
  limit?: number;
  offset?: number;
}

const refProps = new WeakMap<object, string[]>();

/** Names of the properties that hold a to-one relation (stored as a foreign key). */
function toOneProps(em: EntityManager, entity: EntityClass<object>): string[] {
  let names = refProps.get(entity);
  if (!names) {
    const meta = em.getMetadata().get(entity);
    names = meta.relations.filter((p) => p.kind === 'm:1' || (p.kind === '1:1' && p.owner)).map((p) => p.name);
    refProps.set(entity, names);
  }
  return names;
}

const shadows = new WeakMap<object, object>();

/**
 * A prototype under the entity's own: it shadows the ORM's property accessors (which build
 * change-tracking state when a property is first set) with plain data properties, so assigning a
 * row creates ordinary own properties. `instanceof` the entity class still holds.
 */
function shadowPrototype(em: EntityManager, entity: EntityClass<object>): object {
  let shadow = shadows.get(entity);
  if (!shadow) {
    const names = Object.keys(em.getMetadata().get(entity).properties);
    shadow = Object.create(
      entity.prototype,
      Object.fromEntries(names.map((n) => [n, { value: undefined, writable: true, enumerable: false }])),
    ) as object;
    shadows.set(entity, shadow);
  }
  return shadow;
}

interface BuiltSelect {
  sql: string;
  params: unknown[];
}

const MAX_BUILT = 1000;
const built = new WeakMap<object, Map<string, BuiltSelect>>();
const NOT_PLAIN = new Error('not plain data');

/** JSON.stringify replacer that refuses anything whose text would not identify it exactly. */
function plainOnly(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw === undefined || typeof raw === 'bigint' || typeof raw === 'function' || typeof raw === 'symbol')
    throw NOT_PLAIN;
  if (raw instanceof Date) return { '\u0000date': raw.getTime() };
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const proto = Object.getPrototypeOf(raw);
    if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  }
  return value;
}

function keyOf(where: unknown, options: LeanOptions<object>): string | undefined {
  try {
    return JSON.stringify([where, options.orderBy ?? null, options.limit ?? null, options.offset ?? null], plainOnly);
  } catch {
    return undefined;
  }
}

function builtFor(entity: object): Map<string, BuiltSelect> {
  let perEntity = built.get(entity);
  if (!perEntity) {
    perEntity = new Map();
    built.set(entity, perEntity);
  }
  return perEntity;
}

function remember(
  perEntity: Map<string, BuiltSelect>,
  key: string,
  query: { sql: string; params: readonly unknown[] },
): void {
  if (perEntity.size >= MAX_BUILT) perEntity.delete(perEntity.keys().next().value as string);
  perEntity.set(key, { sql: query.sql, params: [...query.params] });
}

export async function leanFind<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: LeanOptions<T> = {},
): Promise<T[]> {
  // (Table-per-type inheritance maps through the QueryBuilder's aliases: never cached.)
  const key =
    em.getMetadata().get(entity).inheritanceType === 'tpt' ? undefined : keyOf(where, options as LeanOptions<object>);
  const perEntity = builtFor(entity);
  const hit = key === undefined ? undefined : perEntity.get(key);
  let rows: Array<Record<string, unknown>>;
  if (hit && !em.getTransactionSessionContext()) {
    // Same statement the QueryBuilder built for this call before, mapped to property names as it maps them.
    const meta = em.getMetadata().get(entity);
    const driver = em.getDriver();
    const raw = (await em.getConnection().execute(hit.sql, hit.params, 'all', em.getTransactionContext())) as Array<
      Record<string, unknown>
    >;
    rows = raw.map((r) => driver.mapResult(r as never, meta) as Record<string, unknown>);
    perEntity.delete(key!);
    perEntity.set(key!, hit); // most recently used last
  } else {
    const qb = em
      .createQueryBuilder(entity)
      .select('*')
      .where(where as never);
    if (options.orderBy) qb.orderBy(options.orderBy as never);
    if (options.limit !== undefined) qb.limit(options.limit);
    if (options.offset !== undefined) qb.offset(options.offset);
    if (key !== undefined) remember(perEntity, key, qb.toQuery());
    rows = (await qb.execute('all', true)) as unknown as Array<Record<string, unknown>>;
  }
  const refs = toOneProps(em, entity as EntityClass<object>);
  const shadow = shadowPrototype(em, entity as EntityClass<object>);
  return rows.map((row) => {
    for (const name of refs) {
      const v = row[name];
      if (v !== null && v !== undefined && typeof v !== 'object') row[name] = { id: v };
    }
    // The entity's class without running its constructor (every column is in the row).
    return Object.assign(Object.create(shadow) as T, row);
  });
}

/** Rows matching `where` (as em.count counts them: distinct roots when a to-many join is needed). One statement. */
export async function leanCount<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
): Promise<number> {
  const plain = em.getMetadata().get(entity).inheritanceType === 'tpt' ? undefined : keyOf(where, {});
  const key = plain === undefined ? undefined : `count\u0000${plain}`;
  const perEntity = builtFor(entity);
  const hit = key === undefined ? undefined : perEntity.get(key);
  if (hit && !em.getTransactionSessionContext()) {
    const row = (await em.getConnection().execute(hit.sql, hit.params, 'get', em.getTransactionContext())) as
      | { count?: unknown }
      | undefined;
    return row ? Number(row.count) : 0;
  }
  const qb = em.createQueryBuilder(entity).where(where as never);
  // (private in the typings) whether a to-many join needs count(distinct pk)
  const toMany = (qb as unknown as { hasToManyJoins?: () => boolean }).hasToManyJoins;
  qb.count(undefined, typeof toMany === 'function' ? toMany.call(qb) : true);
  if (key !== undefined) remember(perEntity, key, qb.toQuery());
  const row = (await qb.execute('get', false)) as { count?: unknown } | undefined;
  return row ? Number(row.count) : 0;
}
