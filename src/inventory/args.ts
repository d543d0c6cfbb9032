// Arguments of the inventory list queries (paging from PageArgs, filters, ordering).
import { ArgsType, Field, ID } from 'type-graphql';
import { StockStatusEnum, type StockStatus } from '../db/entities/index.js';
import type { PartFilterArgs, StockItemFilterArgs, TreeFilterArgs } from './filters.js';
import { PageArgs } from './paging.js';
import { PartOrderField, SortDirection, StockItemOrderField, TreeOrderField } from './graphql-types.js';

@ArgsType()
export class TreeListArgs extends PageArgs implements TreeFilterArgs {
  @Field(() => ID, { nullable: true, description: 'Only the direct children of this node.' })
  parent?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only top-level nodes; false: only nodes with a parent.' })
  topLevel?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name or description.' })
  search?: string | null;

  @Field(() => TreeOrderField, { defaultValue: TreeOrderField.PATH })
  orderBy!: TreeOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class PartListArgs extends PageArgs implements PartFilterArgs {
  @Field(() => ID, { nullable: true, description: 'Only parts in this category (and, by default, its subcategories).' })
  category?: string | null;

  @Field(() => Boolean, { defaultValue: true })
  includeSubcategories!: boolean;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  trackable?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name or IPN.' })
  search?: string | null;

  @Field(() => PartOrderField, { defaultValue: PartOrderField.NAME })
  orderBy!: PartOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}

@ArgsType()
export class StockItemListArgs extends PageArgs implements StockItemFilterArgs {
  @Field(() => ID, { nullable: true })
  part?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only items at this location (and, by default, its sublocations).' })
  location?: string | null;

  @Field(() => Boolean, { defaultValue: true })
  includeSublocations!: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'Only items whose part is in this category (and, by default, its subcategories).',
  })
  category?: string | null;

  @Field(() => Boolean, { defaultValue: true })
  includeSubcategories!: boolean;

  @Field(() => StockStatusEnum, { nullable: true })
  status?: StockStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Serial number, compared as uniqueness compares it (ignoring case, width and invisible characters).',
  })
  serial?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact batch code.' })
  batch?: string | null;

  @Field(() => StockItemOrderField, { defaultValue: StockItemOrderField.ID })
  orderBy!: StockItemOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction!: SortDirection;
}
