import type { Opt } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from './base.js';

// GraphQL: relations (`parent`, `category`, `part`, `location`) and `quantity` are declared here
// but resolved by src/inventory/resolvers (per-request DataLoaders; decimal string -> Float).

/** Category tree. `path` is the slash-joined names from the root, kept current on save/move. */
@ObjectType({ description: 'A node of the part category tree.' })
@Entity({ tableName: 'part_categories' })
@Unique({ properties: ['parent', 'name'] })
@Check({ name: 'part_categories_name_valid', expression: "name <> '' and strpos(name, '/') = 0" })
export class PartCategory extends BaseEntity {
  @Field(() => String, { description: 'Unique among its siblings; may not contain "/".' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @Field(() => PartCategory, { nullable: true, description: 'The parent category; null at the top level.' })
  @ManyToOne(() => PartCategory, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent?: PartCategory | null;

  @Field(() => String, { description: 'Names from the root, joined by "/" (e.g. "Electronics/Resistors").' })
  @Property({ type: 'text', default: '' })
  @Index()
  path: Opt<string> = '';
}

@ObjectType({ description: 'A kind of thing kept in stock.' })
@Entity({ tableName: 'parts' })
@Check({ name: 'parts_ipn_not_empty', expression: "ipn is null or ipn <> ''" })
export class Part extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  @Index()
  name!: string;

  /** Internal part number; unique when set. */
  @Field(() => String, { nullable: true, description: 'Internal part number; unique when set.' })
  @Property({ type: 'string', length: 100, nullable: true })
  @Unique()
  ipn?: string | null;

  @Field(() => String)
  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @Field(() => PartCategory, { nullable: true })
  @ManyToOne(() => PartCategory, { nullable: true, deleteRule: 'restrict' })
  @Index()
  category?: PartCategory | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Field(() => Boolean, { description: 'Trackable parts are stocked as serialized items (serial number, quantity 1).' })
  @Property({ type: 'boolean', default: false })
  trackable: Opt<boolean> = false;

  @Field(() => String)
  @Property({ type: 'string', length: 20, default: '' })
  units: Opt<string> = '';
}

@ObjectType({ description: 'A node of the stock location tree.' })
@Entity({ tableName: 'stock_locations' })
@Unique({ properties: ['parent', 'name'] })
@Check({ name: 'stock_locations_name_valid', expression: "name <> '' and strpos(name, '/') = 0" })
export class StockLocation extends BaseEntity {
  @Field(() => String, { description: 'Unique among its siblings; may not contain "/".' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @Field(() => StockLocation, { nullable: true, description: 'The parent location; null at the top level.' })
  @ManyToOne(() => StockLocation, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent?: StockLocation | null;

  @Field(() => String, { description: 'Names from the root, joined by "/" (e.g. "Warehouse/Shelf 1").' })
  @Property({ type: 'text', default: '' })
  @Index()
  path: Opt<string> = '';
}

export const STOCK_STATUSES = [
  'OK',
  'ATTENTION',
  'DAMAGED',
  'DESTROYED',
  'REJECTED',
  'LOST',
  'QUARANTINED',
  'RETURNED',
] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** The StockStatus values as an enum-like object (type-graphql registers objects, not tuples). */
export const StockStatusEnum = Object.fromEntries(STOCK_STATUSES.map((s) => [s, s])) as { [K in StockStatus]: K };
registerEnumType(StockStatusEnum, {
  name: 'StockStatus',
  description: 'Condition of a stock item (InvenTree status codes).',
});

@ObjectType({ description: 'A quantity of one part at one location.' })
@Entity({ tableName: 'stock_items' })
@Unique({ name: 'stock_items_part_id_serial_key_unique', properties: ['part', 'serialKey'] })
@Check({ name: 'stock_items_quantity_nonnegative', expression: 'quantity >= 0' })
@Check({ name: 'stock_items_serial_quantity_one', expression: "serial is null or (serial <> '' and quantity = 1)" })
@Check({
  name: 'stock_items_serial_with_key',
  expression: "(serial is null) = (serial_key is null) and serial_key <> ''",
})
export class StockItem extends BaseEntity {
  @Field(() => Part)
  @ManyToOne(() => Part, { deleteRule: 'restrict' })
  @Index()
  part!: Part;

  @Field(() => StockLocation, { nullable: true })
  @ManyToOne(() => StockLocation, { nullable: true, deleteRule: 'set null' })
  @Index()
  location?: StockLocation | null;

  /** Stored as numeric(15,5); MikroORM hands it over as a string. Exposed as Float. */
  @Field(() => Float)
  @Property({ type: 'decimal', precision: 15, scale: 5, default: 0 })
  quantity: Opt<string> = '0';

  @Field(() => String, {
    nullable: true,
    description:
      'Serial number; unique per part (compared in a normalised form, see docs/inventory.md). Serialized items have quantity 1.',
  })
  @Property({ type: 'string', length: 100, nullable: true })
  serial?: string | null;

  /** `serialKey(serial)` (src/inventory/serial-key.ts): what uniqueness is checked on. Not in GraphQL. */
  @Property({ type: 'text', nullable: true })
  serialKey?: string | null;

  @Field(() => String)
  @Property({ type: 'string', length: 100, default: '' })
  batch: Opt<string> = '';

  @Field(() => StockStatusEnum)
  @Property({ type: 'string', length: 20, default: 'OK' })
  status: Opt<StockStatus> = 'OK';
}
