// Turns list-query arguments into MikroORM filters. Referenced ids must exist (BAD_USER_INPUT
// naming the argument otherwise); "include sub-nodes" filters use the materialized `path`.
// Text arguments go through the same cleaning as stored text (validation.ts cleanText), and a
// serial matches by its normalised key, as uniqueness does.
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Part, PartCategory, type StockItem, StockLocation, type StockStatus } from '../db/entities/index.js';
import { badInput } from '../graphql/errors.js';
import { mustFind } from './ids.js';
import { serialKey } from './serial-key.js';
import type { TreeRow } from './tree-service.js';
import { cleanText } from './validation.js';

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function contains(search: string | null | undefined): string | undefined {
  const s = cleanText(search, 'search');
  return s ? `%${likeEscape(s)}%` : undefined;
}

/** Ids of a node and (if `deep`) all its descendants. */
async function subtreeIds<N extends TreeRow>(
  em: EntityManager,
  entity: EntityClass<N>,
  raw: string,
  field: string,
  label: string,
  deep: boolean,
): Promise<number[]> {
  const node = await mustFind(em, entity, raw, field, label);
  if (!deep) return [node.id];
  const below = await em.find(entity, { path: { $like: `${likeEscape(node.path)}/%` } } as FilterQuery<N>, {
    fields: ['id'] as never,
  });
  return [node.id, ...below.map((n) => n.id)];
}

export interface TreeFilterArgs {
  parent?: string | null;
  topLevel?: boolean | null;
  search?: string | null;
}

export async function treeFilter<N extends TreeRow>(
  em: EntityManager,
  entity: EntityClass<N>,
  label: string,
  args: TreeFilterArgs,
): Promise<FilterQuery<N>> {
  const where: Record<string, unknown> = {};
  if (args.parent != null) {
    if (args.topLevel) throw badInput('Use either parent or topLevel, not both', 'topLevel');
    where.parent = (await mustFind(em, entity, args.parent, 'parent', label)).id;
  } else if (args.topLevel === true) {
    where.parent = null;
  } else if (args.topLevel === false) {
    where.parent = { $ne: null };
  }
  const s = contains(args.search);
  if (s) where.$or = [{ name: { $ilike: s } }, { description: { $ilike: s } }];
  return where as FilterQuery<N>;
}

export interface PartFilterArgs {
  category?: string | null;
  includeSubcategories?: boolean | null;
  active?: boolean | null;
  trackable?: boolean | null;
  search?: string | null;
}

/** The `category` argument's id and, unless `includeSubcategories` is false, its descendants'. */
function categoryIds(em: EntityManager, category: string, includeSubcategories?: boolean | null): Promise<number[]> {
  return subtreeIds(em, PartCategory, category, 'category', 'Category', includeSubcategories !== false);
}

export async function partFilter(em: EntityManager, args: PartFilterArgs): Promise<FilterQuery<Part>> {
  const where: Record<string, unknown> = {};
  if (args.category != null) where.category = { $in: await categoryIds(em, args.category, args.includeSubcategories) };
  if (args.active != null) where.active = args.active;
  if (args.trackable != null) where.trackable = args.trackable;
  const s = contains(args.search);
  if (s) where.$or = [{ name: { $ilike: s } }, { ipn: { $ilike: s } }];
  return where as FilterQuery<Part>;
}

export interface StockItemFilterArgs {
  part?: string | null;
  location?: string | null;
  includeSublocations?: boolean | null;
  category?: string | null;
  includeSubcategories?: boolean | null;
  status?: StockStatus | null;
  serial?: string | null;
  batch?: string | null;
}

export async function stockItemFilter(em: EntityManager, args: StockItemFilterArgs): Promise<FilterQuery<StockItem>> {
  const where: Record<string, unknown> = {};
  if (args.part != null) where.part = (await mustFind(em, Part, args.part, 'part', 'Part')).id;
  if (args.location != null) {
    where.location = {
      $in: await subtreeIds(
        em,
        StockLocation,
        args.location,
        'location',
        'Location',
        args.includeSublocations !== false,
      ),
    };
  }
  if (args.category != null) {
    const ids = await categoryIds(em, args.category, args.includeSubcategories);
    // Both part and category may be given: the item's part must then satisfy both.
    where.part = where.part ? { id: where.part, category: { $in: ids } } : { category: { $in: ids } };
  }
  if (args.status != null) where.status = args.status;
  if (args.serial != null) where.serialKey = serialKey(cleanText(args.serial, 'serial'));
  if (args.batch != null) where.batch = cleanText(args.batch, 'batch');
  return where as FilterQuery<StockItem>;
}
