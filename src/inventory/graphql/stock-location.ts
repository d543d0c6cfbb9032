// StockLocation queries, mutations (staff only) and relation fields (mirrors part-category.ts).
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { requireStaff, requireUser } from '../../auth/guards.js';
import { StockLocation } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import { TreeListArgs } from '../args.js';
import { treeFilter } from '../filters.js';
import { parseId } from '../ids.js';
import {
  CreateStockLocationInput,
  UpdateStockLocationInput,
  type CreateTreeNodeInput,
  type UpdateTreeNodeInput,
} from '../inputs.js';
import { listPage, orderByOf, selects } from '../listing.js';
import { locationById, locationChildren, loadRef, itemsAtLocation } from '../loaders.js';
import { inTransaction } from '../mutation.js';
import { validatePage, type ConnectionResult } from '../paging.js';
import { createNode, deleteNode, updateNode } from '../tree-service.js';
import { locationTree } from '../tree-specs.js';
import { StockLocationConnection } from '../graphql-types.js';

@Resolver(() => StockLocation)
export class StockLocationResolver {
  @UseMiddleware(refuseUnsafeText)
  @Query(() => StockLocationConnection, { description: 'Stock locations, filtered, ordered and paged.' })
  async stockLocations(
    @Args(() => TreeListArgs) args: TreeListArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<StockLocation>> {
    requireUser(ctx);
    const page = validatePage(args);
    const where = await treeFilter(ctx.em, StockLocation, 'Location', args);
    return listPage(ctx.em, StockLocation, where, page, orderByOf(args.orderBy, args.direction), {
      count: selects(info, 'totalCount'),
    });
  }

  @UseMiddleware(refuseUnsafeText)
  @Query(() => StockLocation, { nullable: true, description: 'One location; null if there is none with this id.' })
  async stockLocation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<StockLocation | null> {
    requireUser(ctx);
    return locationById(ctx).load(parseId(id, 'id'));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => StockLocation, { description: 'Create a location (staff only).' })
  async createStockLocation(
    @Arg('input', () => CreateStockLocationInput) input: CreateTreeNodeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<StockLocation> {
    const user = requireStaff(ctx, 'creating stock locations');
    return inTransaction(ctx, (em) => createNode(em, locationTree, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => StockLocation, {
    description: 'Rename, describe or move a location (staff only). Paths of the whole subtree follow.',
  })
  async updateStockLocation(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateStockLocationInput) input: UpdateTreeNodeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<StockLocation> {
    const user = requireStaff(ctx, 'changing stock locations');
    return inTransaction(ctx, (em) => updateNode(em, locationTree, id, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => ID, {
    description:
      'Delete a location (staff only); returns its id. Refused while it has sublocations or stock items, unless `reparent: true` moves them to its parent first.',
  })
  async deleteStockLocation(
    @Arg('id', () => ID) id: string,
    @Arg('reparent', () => Boolean, { defaultValue: false }) reparent: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    const user = requireStaff(ctx, 'deleting stock locations');
    return inTransaction(ctx, (em) => deleteNode(em, locationTree, id, reparent, user));
  }

  @FieldResolver(() => StockLocation, { nullable: true })
  parent(@Root() location: StockLocation, @Ctx() ctx: GraphQLContext): Promise<StockLocation | null> {
    return loadRef(locationById(ctx), location.parent);
  }

  @FieldResolver(() => [StockLocation], { description: 'Direct sublocations, by name.' })
  children(@Root() location: StockLocation, @Ctx() ctx: GraphQLContext): Promise<StockLocation[]> {
    return locationChildren(ctx).load(location.id);
  }

  @FieldResolver(() => Int, { description: 'Stock items directly at this location (not in sublocations).' })
  stockItemCount(@Root() location: StockLocation, @Ctx() ctx: GraphQLContext): Promise<number> {
    return itemsAtLocation(ctx).load(location.id);
  }
}
