// StockItem queries, mutations (any signed-in user) and relation fields.
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requireUser } from '../../auth/guards.js';
import { Part, StockItem, StockLocation } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import { StockItemListArgs } from '../args.js';
import { stockItemFilter } from '../filters.js';
import { parseId } from '../ids.js';
import { CreateStockItemInput, UpdateStockItemInput } from '../inputs.js';
import { listPage, orderByOf, selects } from '../listing.js';
import { loadRef, locationById, partById } from '../loaders.js';
import { inTransaction } from '../mutation.js';
import { validatePage, type ConnectionResult } from '../paging.js';
import { createStockItem, deleteStockItem, updateStockItem } from '../stock.js';
import { StockItemConnection } from '../graphql-types.js';

@Resolver(() => StockItem)
export class StockItemResolver {
  @UseMiddleware(refuseUnsafeText)
  @Query(() => StockItemConnection, { description: 'Stock items, filtered, ordered and paged.' })
  async stockItems(
    @Args(() => StockItemListArgs) args: StockItemListArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<StockItem>> {
    requireUser(ctx);
    const page = validatePage(args);
    const where = await stockItemFilter(ctx.em, args);
    return listPage(ctx.em, StockItem, where, page, orderByOf(args.orderBy, args.direction), {
      count: selects(info, 'totalCount'),
    });
  }

  @UseMiddleware(refuseUnsafeText)
  @Query(() => StockItem, { nullable: true, description: 'One stock item; null if there is none with this id.' })
  async stockItem(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<StockItem | null> {
    requireUser(ctx);
    return ctx.em.findOne(StockItem, { id: parseId(id, 'id') });
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => StockItem, { description: 'Create a stock item (any signed-in user).' })
  async createStockItem(
    @Arg('input', () => CreateStockItemInput) input: CreateStockItemInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<StockItem> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => createStockItem(em, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => StockItem, { description: 'Change a stock item (any signed-in user).' })
  async updateStockItem(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateStockItemInput) input: UpdateStockItemInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<StockItem> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => updateStockItem(em, id, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => ID, { description: 'Delete a stock item (any signed-in user); returns its id.' })
  async deleteStockItem(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<number> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => deleteStockItem(em, id, user));
  }

  @FieldResolver(() => Part)
  async part(@Root() item: StockItem, @Ctx() ctx: GraphQLContext): Promise<Part> {
    const part = await partById(ctx).load(item.part.id);
    if (!part) throw new Error(`Part ${item.part.id} of stock item ${item.id} not found`); // impossible: the foreign key restricts deletes
    return part;
  }

  @FieldResolver(() => StockLocation, { nullable: true })
  location(@Root() item: StockItem, @Ctx() ctx: GraphQLContext): Promise<StockLocation | null> {
    return loadRef(locationById(ctx), item.location);
  }

  @FieldResolver(() => Float)
  quantity(@Root() item: StockItem): number {
    return Number(item.quantity);
  }
}
