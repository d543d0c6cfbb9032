// Runs a filtered, ordered, offset-paged list query and shapes the connection result.
import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionResult, Page } from './paging.js';
import type { SortDirection } from './graphql-types.js';
import { leanCount, leanFind } from './lean.js';

/** `field` may be a dotted relation path ("part.name"); rows tie-break on id for stable pages. */
export function orderByOf<T>(field: string, direction: SortDirection): QueryOrderMap<T>[] {
  const nested = field
    .split('.')
    .reverse()
    .reduce<Record<string, unknown> | string>((inner, key) => ({ [key]: inner }), direction) as QueryOrderMap<T>;
  return field === 'id' ? [nested] : [nested, { id: direction } as QueryOrderMap<T>];
}

/**
 * Whether the field being resolved selects `name` directly (through fragments too). Errs on the
 * side of true: @skip/@include are not evaluated, and an unknown fragment counts as selecting it.
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name;
      if (s.kind === Kind.INLINE_FRAGMENT) return within(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = info.fragments[s.name.value];
      return !fragment || within(fragment.selectionSet);
    });
  return info.fieldNodes.some((f) => within(f.selectionSet));
}

export interface ListPageOptions {
  /** Run the count query (default true); false when `totalCount` is not selected (it is then 0, never read). */
  count?: boolean;
}

export async function listPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: Page,
  orderBy: QueryOrderMap<T>[],
  { count = true }: ListPageOptions = {},
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
    count ? leanCount(em, entity, where) : 0,
  ]);
  return { items, totalCount, offset: page.offset, limit: page.limit };
}
