// GraphQL types of the inventory API besides the entities: ordering enums and list connections.
import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Part, PartCategory, StockItem, StockLocation } from '../db/entities/index.js';
import type { ConnectionResult } from './paging.js';

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

/** Orderings of categories and locations (both are trees with the same columns). */
export enum TreeOrderField {
  ID = 'id',
  NAME = 'name',
  PATH = 'path',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(TreeOrderField, {
  name: 'TreeOrderField',
  description: 'Orderings of part categories and stock locations.',
});

export enum PartOrderField {
  ID = 'id',
  NAME = 'name',
  IPN = 'ipn',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(PartOrderField, { name: 'PartOrderField' });

export enum StockItemOrderField {
  ID = 'id',
  QUANTITY = 'quantity',
  SERIAL = 'serial',
  BATCH = 'batch',
  STATUS = 'status',
  PART_NAME = 'part.name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(StockItemOrderField, {
  name: 'StockItemOrderField',
  description: "PART_NAME orders by the name of the item's part.",
});

function connection<T extends object>(item: ClassType<T>, name: string): ClassType<ConnectionResult<T>> {
  @ObjectType(name, { description: `A page of ${item.name} rows.` })
  class Connection implements ConnectionResult<T> {
    @Field(() => [item])
    items!: T[];

    @Field(() => Int, { description: 'Rows matching the filters, ignoring offset and limit.' })
    totalCount!: number;

    @Field(() => Int)
    offset!: number;

    @Field(() => Int)
    limit!: number;
  }
  return Connection;
}

export const PartCategoryConnection = connection(PartCategory, 'PartCategoryConnection');
export const PartConnection = connection(Part, 'PartConnection');
export const StockLocationConnection = connection(StockLocation, 'StockLocationConnection');
export const StockItemConnection = connection(StockItem, 'StockItemConnection');
