// Runs a filtered, ordered, offset-paged list query and shapes the connection result.
import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionResult, Page } from './paging.js';
import type { SortDirection } from './graphql-types.js';
import { leanFind } from './lean.js';

/** `field` may be a dotted relation path ("part.name"); rows tie-break on id for stable pages. */
export function orderByOf<T>(field: string, direction: SortDirection): QueryOrderMap<T>[] {
  const nested = field
    .split('.')
    .reverse()
    .reduce<Record<string, unknown> | string>((inner, key) => ({ [key]: inner }), direction) as QueryOrderMap<T>;
  return field === 'id' ? [nested] : [nested, { id: direction } as QueryOrderMap<T>];
}

export async function listPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: Page,
  orderBy: QueryOrderMap<T>[],
): Promise<ConnectionResult<T>> {
  if (page.limit === 0) {
    // MikroORM reads limit 0 as "no limit": count only.
    return {
      items: [],
      totalCount: await em.count(entity, where as FilterQuery<NoInfer<T>>),
      offset: page.offset,
      limit: 0,
    };
  }
  // Rows are read on the lean path (./lean.ts): plain read-only objects of the entity class.
  const [items, totalCount] = await Promise.all([
    leanFind(em, entity, where, { offset: page.offset, limit: page.limit, orderBy }),
    em.count(entity, where as FilterQuery<NoInfer<T>>),
  ]);
  return { items, totalCount, offset: page.offset, limit: page.limit };
}
