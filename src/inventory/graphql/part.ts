// Part queries, mutations (any signed-in user) and relation fields.
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
import type { GraphQLResolveInfo } from 'graphql';
import { requireUser } from '../../auth/guards.js';
import { Part, PartCategory } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import { PartListArgs } from '../args.js';
import { partFilter } from '../filters.js';
import { parseId } from '../ids.js';
import { CreatePartInput, UpdatePartInput } from '../inputs.js';
import { listPage, orderByOf, selects } from '../listing.js';
import { categoryById, itemsOfPart, loadRef, partById } from '../loaders.js';
import { inTransaction } from '../mutation.js';
import { validatePage, type ConnectionResult } from '../paging.js';
import { createPart, deletePart, updatePart } from '../parts.js';
import { PartConnection } from '../graphql-types.js';

@Resolver(() => Part)
export class PartResolver {
  @UseMiddleware(refuseUnsafeText)
  @Query(() => PartConnection, { description: 'Parts, filtered, ordered and paged.' })
  async parts(
    @Args(() => PartListArgs) args: PartListArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionResult<Part>> {
    requireUser(ctx);
    const page = validatePage(args);
    const where = await partFilter(ctx.em, args);
    return listPage(ctx.em, Part, where, page, orderByOf(args.orderBy, args.direction), {
      count: selects(info, 'totalCount'),
    });
  }

  @UseMiddleware(refuseUnsafeText)
  @Query(() => Part, { nullable: true, description: 'One part; null if there is none with this id.' })
  async part(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Part | null> {
    requireUser(ctx);
    return partById(ctx).load(parseId(id, 'id'));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => Part, { description: 'Create a part (any signed-in user).' })
  async createPart(
    @Arg('input', () => CreatePartInput) input: CreatePartInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Part> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => createPart(em, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => Part, { description: 'Change a part (any signed-in user).' })
  async updatePart(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdatePartInput) input: UpdatePartInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Part> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => updatePart(em, id, input, user));
  }

  @UseMiddleware(refuseUnsafeText)
  @Mutation(() => ID, {
    description: 'Delete a part (any signed-in user); returns its id. Refused while it has stock items.',
  })
  async deletePart(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<number> {
    const user = requireUser(ctx);
    return inTransaction(ctx, (em) => deletePart(em, id, user));
  }

  @FieldResolver(() => PartCategory, { nullable: true })
  category(@Root() part: Part, @Ctx() ctx: GraphQLContext): Promise<PartCategory | null> {
    return loadRef(categoryById(ctx), part.category);
  }

  @FieldResolver(() => Int, { description: 'Number of stock items of this part.' })
  stockItemCount(@Root() part: Part, @Ctx() ctx: GraphQLContext): Promise<number> {
    return itemsOfPart(ctx).load(part.id);
  }
}
