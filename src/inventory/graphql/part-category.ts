// PartCategory queries, mutations (staff only) and relation fields.
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
import { PartCategory } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import { TreeListArgs } from '../args.js';
import { treeFilter } from '../filters.js';
import { parseId } from '../ids.js';
import {
  CreatePartCategoryInput,
  UpdatePartCategoryInput,
  type CreateTreeNodeInput,
  type UpdateTreeNodeInput,
} from '../inputs.js';
import { listPage, orderByOf, selects } from '../listing.js';
import { categoryById, categoryChildren, loadRef, partsInCategory } from '../loaders.js';
import { inTransaction } from '../mutation.js';
import { validatePage, type ConnectionResult } from '../paging.js';
import { createNode, deleteNode, updateNode } from '../tree-service.js';
import { categoryTree } from '../tree-specs.js';
import { PartCategoryConnection } from '../graphql-types.js';

@Resolver(() => PartCategory)
export class PartCategoryResolver {
  @UseMiddleware(refuseUnsafeText)
  @Query(() => PartCategoryConnection, { description: 'Part categories, filtered, ordered and paged.' })
  async partCategories(
    @Args(() => TreeListArgs) args: TreeListArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<PartCategory>> {
    requireUser(ctx);
    const page = validatePage(args);
    const where = await treeFilter(ctx.em, PartCategory, 'Category', args);
    return listPage(ctx.em, PartCategory, where, page, orderByOf(args.orderBy, args.direction), {
      count: selects(info, 'totalCount'),
    });
  }

  @UseMiddleware(refuseUnsafeText)
  @Query(() => PartCategory, { nullable: true, description: 'One category; null if there is none with this id.' })
  async partCategory(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PartCategory | null> {
    requireUser(ctx);
    return categoryById(ctx).load(parseId(id, 'id'));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => PartCategory, { description: 'Create a category (staff only).' })
  async createPartCategory(
    @Arg('input', () => CreatePartCategoryInput) input: CreateTreeNodeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PartCategory> {
    const user = requireStaff(ctx, 'creating part categories');
    return inTransaction(ctx, (em) => createNode(em, categoryTree, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => PartCategory, {
    description: 'Rename, describe or move a category (staff only). Paths of the whole subtree follow.',
  })
  async updatePartCategory(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePartCategoryInput) input: UpdateTreeNodeInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PartCategory> {
    const user = requireStaff(ctx, 'changing part categories');
    return inTransaction(ctx, (em) => updateNode(em, categoryTree, id, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => ID, {
    description:
      'Delete a category (staff only); returns its id. Refused while it has subcategories or parts, unless `reparent: true` moves them to its parent first.',
  })
  async deletePartCategory(
    @Arg('id', () => ID) id: string,
    @Arg('reparent', () => Boolean, { defaultValue: false }) reparent: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    const user = requireStaff(ctx, 'deleting part categories');
    return inTransaction(ctx, (em) => deleteNode(em, categoryTree, id, reparent, user));
  }

  @FieldResolver(() => PartCategory, { nullable: true })
  parent(@Root() category: PartCategory, @Ctx() ctx: GraphQLContext): Promise<PartCategory | null> {
    return loadRef(categoryById(ctx), category.parent);
  }

  @FieldResolver(() => [PartCategory], { description: 'Direct subcategories, by name.' })
  children(@Root() category: PartCategory, @Ctx() ctx: GraphQLContext): Promise<PartCategory[]> {
    return categoryChildren(ctx).load(category.id);
  }

  @FieldResolver(() => Int, { description: 'Parts directly in this category (not in subcategories).' })
  partCount(@Root() category: PartCategory, @Ctx() ctx: GraphQLContext): Promise<number> {
    return partsInCategory(ctx).load(category.id);
  }
}
