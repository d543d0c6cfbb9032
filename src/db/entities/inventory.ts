import type { Opt } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from './base.js';

/** Category tree. `path` is the slash-joined names from the root, kept current on save/move. */
@Entity({ tableName: 'part_categories' })
@Unique({ properties: ['parent', 'name'] })
export class PartCategory extends BaseEntity {
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @ManyToOne(() => PartCategory, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent?: PartCategory | null;

  @Property({ type: 'text', default: '' })
  @Index()
  path: Opt<string> = '';
}

@Entity({ tableName: 'parts' })
export class Part extends BaseEntity {
  @Property({ type: 'string', length: 100 })
  @Index()
  name!: string;

  /** Internal part number; unique when set. */
  @Property({ type: 'string', length: 100, nullable: true })
  @Unique()
  ipn?: string | null;

  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @ManyToOne(() => PartCategory, { nullable: true, deleteRule: 'restrict' })
  @Index()
  category?: PartCategory | null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'boolean', default: false })
  trackable: Opt<boolean> = false;

  @Property({ type: 'string', length: 20, default: '' })
  units: Opt<string> = '';
}

@Entity({ tableName: 'stock_locations' })
@Unique({ properties: ['parent', 'name'] })
export class StockLocation extends BaseEntity {
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 250, default: '' })
  description: Opt<string> = '';

  @ManyToOne(() => StockLocation, { nullable: true, deleteRule: 'restrict' })
  @Index()
  parent?: StockLocation | null;

  @Property({ type: 'text', default: '' })
  @Index()
  path: Opt<string> = '';
}

export const STOCK_STATUSES = ['OK', 'ATTENTION', 'DAMAGED', 'DESTROYED', 'REJECTED', 'LOST', 'QUARANTINED', 'RETURNED'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

@Entity({ tableName: 'stock_items' })
@Unique({ properties: ['part', 'serial'] })
@Check({ name: 'stock_items_quantity_nonnegative', expression: 'quantity >= 0' })
export class StockItem extends BaseEntity {
  @ManyToOne(() => Part, { deleteRule: 'restrict' })
  @Index()
  part!: Part;

  @ManyToOne(() => StockLocation, { nullable: true, deleteRule: 'set null' })
  @Index()
  location?: StockLocation | null;

  @Property({ type: 'decimal', precision: 15, scale: 5, default: 0 })
  quantity: Opt<string> = '0';

  @Property({ type: 'string', length: 100, nullable: true })
  serial?: string | null;

  @Property({ type: 'string', length: 100, default: '' })
  batch: Opt<string> = '';

  @Property({ type: 'string', length: 20, default: 'OK' })
  status: Opt<StockStatus> = 'OK';
}
