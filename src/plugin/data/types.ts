// The plain shapes the plugin data API (service.ts) hands out and takes: documented, JSON-friendly,
// ids as strings like GraphQL's `ID`. Never ORM entities: plugins must not depend on how the core
// stores rows. What must stay true: every field here is part of the promised plugin API
// (src/plugin/index.ts re-exports these types), so change them only additively.
import type { StockStatus } from '../../db/entities/index.js';

export type { StockStatus };

/** An id as plugin code may pass it: GraphQL's string form, or a number. Returned ids are always strings. */
export type DataId = string | number;

/** Fields every inventory row has. */
export interface DataRow {
  /** The row's id, as a string (the same value GraphQL's `id` shows). */
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PartData extends DataRow {
  name: string;
  /** Internal part number, unique when set. */
  ipn: string | null;
  description: string;
  units: string;
  active: boolean;
  trackable: boolean;
  /** Id of its category, or null. */
  category: string | null;
}

/** A part category or a stock location (the two trees share one shape). */
export interface TreeNodeData extends DataRow {
  name: string;
  description: string;
  /** Id of the parent node, or null at the top level. */
  parent: string | null;
  /** Names from the root joined by "/" (e.g. "Electronics/Resistors"). */
  path: string;
}

export type PartCategoryData = TreeNodeData;
export type StockLocationData = TreeNodeData;

export interface StockItemData extends DataRow {
  /** Id of its part. */
  part: string;
  /** Id of its location, or null. */
  location: string | null;
  quantity: number;
  serial: string | null;
  batch: string;
  status: StockStatus;
}

/** One page of a `find`: the rows, how many match in all, and the page asked for. */
export interface DataPage<T> {
  items: T[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** Paging of every `find` (the same rules as the GraphQL list queries: limit 0..500, default 50). */
export interface PageOptions {
  offset?: number;
  limit?: number;
}

export type SortDirection = 'ASC' | 'DESC';
export type PartOrderBy = 'id' | 'name' | 'ipn' | 'createdAt' | 'updatedAt';
export type TreeOrderBy = 'id' | 'name' | 'path' | 'createdAt' | 'updatedAt';
export type StockItemOrderBy =
  | 'id'
  | 'quantity'
  | 'serial'
  | 'batch'
  | 'status'
  | 'part.name'
  | 'createdAt'
  | 'updatedAt';

export interface PartQuery extends PageOptions {
  /** Only parts in this category (and, unless `includeSubcategories: false`, its subcategories). */
  category?: DataId | null;
  includeSubcategories?: boolean;
  active?: boolean | null;
  trackable?: boolean | null;
  /** Case-insensitive substring of the name or IPN. */
  search?: string | null;
  /** Default `name` (GraphQL's PartOrderField). */
  orderBy?: PartOrderBy;
  direction?: SortDirection;
}

export interface TreeQuery extends PageOptions {
  /** Only the direct children of this node. */
  parent?: DataId | null;
  /** true: only top-level nodes; false: only nodes with a parent. */
  topLevel?: boolean | null;
  /** Case-insensitive substring of the name or description. */
  search?: string | null;
  /** Default `path`. */
  orderBy?: TreeOrderBy;
  direction?: SortDirection;
}

export interface StockItemQuery extends PageOptions {
  part?: DataId | null;
  /** Only items at this location (and, unless `includeSublocations: false`, its sublocations). */
  location?: DataId | null;
  includeSublocations?: boolean;
  /** Only items whose part is in this category (and, by default, its subcategories). */
  category?: DataId | null;
  includeSubcategories?: boolean;
  status?: StockStatus | null;
  /** Serial number, compared as uniqueness compares it. */
  serial?: string | null;
  batch?: string | null;
  /** Default `id`. */
  orderBy?: StockItemOrderBy;
  direction?: SortDirection;
}

/** The fields of createPart's input; omitted = default. */
export interface PartCreate {
  name: string;
  ipn?: string | null;
  description?: string | null;
  category?: DataId | null;
  active?: boolean | null;
  trackable?: boolean | null;
  units?: string | null;
}

/** updatePart's input: omitted fields stay, null clears a nullable field (ipn, category). */
export type PartUpdate = Partial<PartCreate>;

export interface TreeNodeCreate {
  name: string;
  description?: string | null;
  parent?: DataId | null;
}

export type TreeNodeUpdate = Partial<TreeNodeCreate>;

export interface StockItemCreate {
  part: DataId;
  location?: DataId | null;
  quantity?: number | null;
  serial?: string | null;
  /** true = take the next serial number a ValidationMixin plugin gives. */
  nextSerial?: boolean | null;
  batch?: string | null;
  status?: StockStatus | null;
}

/** updateStockItem's input (its part cannot change). */
export interface StockItemUpdate {
  location?: DataId | null;
  quantity?: number | null;
  serial?: string | null;
  batch?: string | null;
  status?: StockStatus | null;
}
