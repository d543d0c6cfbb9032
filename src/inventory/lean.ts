// The lean read path: list and by-id reads that only serve GraphQL load rows into plain instances
// of the entity classes (same class, same property names, to-one relations as `{ id }` references)
// without the ORM's hydration, identity map or change tracking, which cost most of a read's CPU.
// What must stay true: these objects are read-only snapshots for resolvers (and plugins, which see
// the documented core types); writes load their own managed entities through the ORM (with its
// validation and events), never these. One SQL statement per call, like em.find.
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

export async function leanFind<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: LeanOptions<T> = {},
): Promise<T[]> {
  const qb = em
    .createQueryBuilder(entity)
    .select('*')
    .where(where as never);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  if (options.offset !== undefined) qb.offset(options.offset);
  const rows = (await qb.execute('all', true)) as unknown as Array<Record<string, unknown>>;
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
