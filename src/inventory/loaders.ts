// Per-request DataLoaders for inventory relations: every relation a page of rows asks for costs
// one batched query (`id in (...)`), whatever the page size.
import DataLoader from 'dataloader';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { Part, PartCategory, StockItem, StockLocation } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { leanFind } from './lean.js';
import type { TreeRow } from './tree-service.js';

function byId<T extends { id: number }>(
  ctx: GraphQLContext,
  name: string,
  entity: EntityClass<T>,
): DataLoader<number, T | null> {
  return ctx.loader(
    `inventory:${name}:byId`,
    () =>
      new DataLoader<number, T | null>(async (ids) => {
        const rows = await leanFind(ctx.em, entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
        const map = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => map.get(id) ?? null);
      }),
  );
}

export const categoryById = (ctx: GraphQLContext) => byId(ctx, 'category', PartCategory);
export const partById = (ctx: GraphQLContext) => byId(ctx, 'part', Part);
export const locationById = (ctx: GraphQLContext) => byId(ctx, 'location', StockLocation);

/** Loads a nullable to-one relation through its loader. */
export async function loadRef<T extends { id: number }>(
  loader: DataLoader<number, T | null>,
  ref: { id: number } | null | undefined,
): Promise<T | null> {
  return ref ? loader.load(ref.id) : null;
}

/** Direct children of tree nodes, by name. */
function childrenOf<N extends TreeRow>(
  ctx: GraphQLContext,
  name: string,
  entity: EntityClass<N>,
): DataLoader<number, N[]> {
  return ctx.loader(
    `inventory:${name}:children`,
    () =>
      new DataLoader<number, N[]>(async (ids) => {
        const rows = await leanFind(ctx.em, entity, { parent: { $in: [...ids] } } as unknown as FilterQuery<N>, {
          orderBy: [{ name: 'asc' }, { id: 'asc' }] as never,
        });
        const groups = new Map<number, N[]>(ids.map((id) => [id, []]));
        for (const r of rows) groups.get(r.parent!.id)?.push(r);
        return ids.map((id) => groups.get(id)!);
      }),
  );
}

export const categoryChildren = (ctx: GraphQLContext) => childrenOf(ctx, 'category', PartCategory);
export const locationChildren = (ctx: GraphQLContext) => childrenOf(ctx, 'location', StockLocation);

/** Number of `entity` rows whose `fk` points at each id (one GROUP BY query per batch). */
function countBy<T extends object>(
  ctx: GraphQLContext,
  name: string,
  entity: EntityClass<T>,
  fk: string,
): DataLoader<number, number> {
  return ctx.loader(
    `inventory:${name}:count`,
    () =>
      new DataLoader<number, number>(async (ids) => {
        const counts = await ctx.em.countBy(entity, fk as never, {
          where: { [fk]: { $in: [...ids] } } as FilterQuery<T>,
        });
        return ids.map((id) => counts[String(id)] ?? 0);
      }),
  );
}

export const partsInCategory = (ctx: GraphQLContext) => countBy(ctx, 'categoryParts', Part, 'category');
export const itemsAtLocation = (ctx: GraphQLContext) => countBy(ctx, 'locationItems', StockItem, 'location');
export const itemsOfPart = (ctx: GraphQLContext) => countBy(ctx, 'partItems', StockItem, 'part');
