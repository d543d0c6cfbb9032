// Optional built-in (inactive until staff enable it): inventory counts as one query.
import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import {
  InvenTreePlugin,
  Part,
  PartCategory,
  requireUser,
  StockItem,
  StockLocation,
  type GraphQLContext,
} from '../index.js';
import { GraphQLMixin } from '../mixins/index.js';

@ObjectType('PartStatistics', { description: 'How much is in the inventory (part-statistics plugin).' })
export class PartStatistics {
  @Field(() => Int) categories!: number;
  @Field(() => Int) parts!: number;
  @Field(() => Int) locations!: number;
  @Field(() => Int) stockItems!: number;
}

@Resolver()
export class PartStatisticsResolver {
  @Query(() => PartStatistics, { description: 'Counts of categories, parts, locations and stock items.' })
  async partStatistics(@Ctx() ctx: GraphQLContext): Promise<PartStatistics> {
    requireUser(ctx);
    return {
      categories: await ctx.em.count(PartCategory),
      parts: await ctx.em.count(Part),
      locations: await ctx.em.count(StockLocation),
      stockItems: await ctx.em.count(StockItem),
    };
  }
}

export class PartStatisticsPlugin extends GraphQLMixin(InvenTreePlugin) {
  static override NAME = 'Part Statistics';
  static override SLUG = 'part-statistics';
  static override DESCRIPTION = 'Adds the partStatistics query: counts of the inventory.';
  static override AUTHOR = 'PartGraph';
  static override LICENSE = 'MIT';
  static override GRAPHQL_RESOLVERS = [PartStatisticsResolver];
}
