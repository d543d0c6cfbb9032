// The four collections of the plugin data API. Reads use the same filters and paging as the
// GraphQL list queries; writes call the same inventory services as the GraphQL mutations
// (validation, ValidationMixin hooks, `<model>.created|saved|deleted` events), so results and
// errors (coded GraphQLErrors naming the field) are identical. Everything returned is plain data.
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { Part, type PartCategory, StockItem, type StockLocation } from '../../db/entities/index.js';
import { badInput } from '../../graphql/errors.js';
import { partFilter, stockItemFilter, treeFilter } from '../../inventory/filters.js';
import { PartOrderField, SortDirection, StockItemOrderField, TreeOrderField } from '../../inventory/graphql-types.js';
import { mustFind, parseId } from '../../inventory/ids.js';
import { listPage, orderByOf } from '../../inventory/listing.js';
import { validatePage } from '../../inventory/paging.js';
import { createPart, deletePart, updatePart } from '../../inventory/parts.js';
import { createStockItem, deleteStockItem, updateStockItem } from '../../inventory/stock.js';
import { createNode, deleteNode, updateNode, type TreeSpec } from '../../inventory/tree-service.js';
import { categoryTree, locationTree } from '../../inventory/tree-specs.js';
import { toPartData, toStockItemData, toTreeNodeData } from './convert.js';
import {
  checkInput,
  idArg,
  PART_FIELDS,
  STOCK_CREATE_FIELDS,
  STOCK_UPDATE_FIELDS,
  TREE_FIELDS,
} from './input-check.js';
import type { DataCalls } from './scope.js';
import type * as T from './types.js';

function ordering(
  orderBy: string | undefined,
  fallback: string,
  allowed: object,
  direction: unknown,
): [string, SortDirection] {
  const field = orderBy ?? fallback;
  if (!(Object.values(allowed) as string[]).includes(field))
    throw badInput(`orderBy must be one of ${Object.values(allowed).join(', ')}`, 'orderBy');
  if (direction !== undefined && direction !== 'ASC' && direction !== 'DESC')
    throw badInput('direction must be ASC or DESC', 'direction');
  return [field, direction === 'DESC' ? SortDirection.DESC : SortDirection.ASC];
}

function page<E, D>(
  p: { items: E[]; totalCount: number; offset: number; limit: number },
  to: (e: E) => D,
): T.DataPage<D> {
  return { items: p.items.map(to), totalCount: p.totalCount, offset: p.offset, limit: p.limit };
}

/** The row with this id as plain data, or null when there is none (a malformed id is BAD_USER_INPUT). */
function findById<E extends { id: number }, D>(
  calls: DataCalls,
  entity: EntityClass<E>,
  id: T.DataId,
  toData: (found: E) => D,
): Promise<D | null> {
  return calls.read(async (em) => {
    const found = await em.findOne(entity, { id: parseId(idArg(id), 'id') } as FilterQuery<E>);
    return found ? toData(found) : null;
  });
}

/** `parts`: find / get / create / update / delete, like the GraphQL part queries and mutations. */
export class PartsData {
  constructor(private readonly calls: DataCalls) {}

  find(query: T.PartQuery = {}): Promise<T.DataPage<T.PartData>> {
    return this.calls.read(async (em) => {
      const q = checkInput<T.PartQuery & Record<string, unknown>>(query, QUERY_FIELDS.part);
      const [field, dir] = ordering(q.orderBy, PartOrderField.NAME, PartOrderField, q.direction);
      const where = await partFilter(em, { ...q, category: q.category as string | null | undefined });
      return page(await listPage(em, Part, where, validatePage(q), orderByOf(field, dir)), toPartData);
    });
  }

  /** The part, or null when there is none with this id (a malformed id is BAD_USER_INPUT). */
  get(id: T.DataId): Promise<T.PartData | null> {
    return findById(this.calls, Part, id, toPartData);
  }

  async create(input: T.PartCreate): Promise<T.PartData> {
    const checked = checkInput<{ name: string }>(input, PART_FIELDS);
    return toPartData(await this.calls.write((em, user) => createPart(em, checked, user)));
  }

  async update(id: T.DataId, patch: T.PartUpdate): Promise<T.PartData> {
    const rawId = idArg(id);
    const checked = checkInput<T.PartUpdate & { category?: string | null }>(patch, PART_FIELDS);
    return toPartData(await this.calls.write((em, user) => updatePart(em, rawId, checked, user)));
  }

  /** Refused (BAD_USER_INPUT) while the part has stock items. Resolves to the deleted id. */
  async delete(id: T.DataId): Promise<string> {
    const rawId = idArg(id);
    return String(await this.calls.write((em, user) => deletePart(em, rawId, user)));
  }
}

/** `categories` / `stockLocations`: the two trees. */
export class TreeData {
  constructor(
    private readonly calls: DataCalls,
    private readonly spec: TreeSpec<PartCategory, Part> | TreeSpec<StockLocation, StockItem>,
  ) {}

  find(query: T.TreeQuery = {}): Promise<T.DataPage<T.TreeNodeData>> {
    const spec = this.spec as TreeSpec<PartCategory, Part>;
    return this.calls.read(async (em) => {
      const q = checkInput<T.TreeQuery & Record<string, unknown>>(query, QUERY_FIELDS.tree);
      const [field, dir] = ordering(q.orderBy, TreeOrderField.PATH, TreeOrderField, q.direction);
      const where = await treeFilter(em, spec.entity, spec.label, { ...q, parent: q.parent as string | null });
      return page(await listPage(em, spec.entity, where, validatePage(q), orderByOf(field, dir)), toTreeNodeData);
    });
  }

  get(id: T.DataId): Promise<T.TreeNodeData | null> {
    return findById(this.calls, (this.spec as TreeSpec<PartCategory, Part>).entity, id, toTreeNodeData);
  }

  async create(input: T.TreeNodeCreate): Promise<T.TreeNodeData> {
    const spec = this.spec as TreeSpec<PartCategory, Part>;
    const checked = checkInput<{ name: string; parent?: string | null }>(input, TREE_FIELDS);
    return toTreeNodeData(await this.calls.write((em, user) => createNode(em, spec, checked, user)));
  }

  async update(id: T.DataId, patch: T.TreeNodeUpdate): Promise<T.TreeNodeData> {
    const spec = this.spec as TreeSpec<PartCategory, Part>;
    const rawId = idArg(id);
    const checked = checkInput<{ parent?: string | null }>(patch, TREE_FIELDS);
    return toTreeNodeData(await this.calls.write((em, user) => updateNode(em, spec, rawId, checked, user)));
  }

  /** Refused while it has children or contents, unless `reparent: true` moves them to its parent. */
  async delete(id: T.DataId, options: { reparent?: boolean } = {}): Promise<string> {
    const spec = this.spec as TreeSpec<PartCategory, Part>;
    const rawId = idArg(id);
    const reparent = options.reparent === true;
    return String(await this.calls.write((em, user) => deleteNode(em, spec, rawId, reparent, user)));
  }
}

/** `stockItems`: find / get / create / update / adjust / delete. */
export class StockItemsData {
  constructor(private readonly calls: DataCalls) {}

  find(query: T.StockItemQuery = {}): Promise<T.DataPage<T.StockItemData>> {
    return this.calls.read(async (em) => {
      const q = checkInput<T.StockItemQuery & Record<string, unknown>>(query, QUERY_FIELDS.stock);
      const [field, dir] = ordering(q.orderBy, StockItemOrderField.ID, StockItemOrderField, q.direction);
      const args = {
        ...q,
        part: q.part as string | null,
        location: q.location as string | null,
        category: q.category as string | null,
      };
      const where = await stockItemFilter(em, args);
      return page(await listPage(em, StockItem, where, validatePage(q), orderByOf(field, dir)), toStockItemData);
    });
  }

  get(id: T.DataId): Promise<T.StockItemData | null> {
    return findById(this.calls, StockItem, id, toStockItemData);
  }

  async create(input: T.StockItemCreate): Promise<T.StockItemData> {
    const checked = checkInput<{ part: string; location?: string | null }>(input, STOCK_CREATE_FIELDS, ['part']);
    return toStockItemData(await this.calls.write((em, user) => createStockItem(em, checked, user)));
  }

  async update(id: T.DataId, patch: T.StockItemUpdate): Promise<T.StockItemData> {
    const rawId = idArg(id);
    const checked = checkInput<{ location?: string | null }>(patch, STOCK_UPDATE_FIELDS);
    return toStockItemData(await this.calls.write((em, user) => updateStockItem(em, rawId, checked, user)));
  }

  /** Adds `delta` (negative to take stock) to the quantity in one transaction: an update (same checks, `stockitem.saved`). */
  async adjust(id: T.DataId, delta: number): Promise<T.StockItemData> {
    const rawId = idArg(id);
    if (typeof delta !== 'number' || !Number.isFinite(delta)) throw badInput('delta must be a number', 'delta');
    return toStockItemData(
      await this.calls.write(async (em, user) => {
        const item = await mustFind(em, StockItem, rawId, 'id', 'Stock item');
        const quantity = Math.round((Number(item.quantity) + delta) * 1e5) / 1e5;
        return updateStockItem(em, rawId, { quantity }, user);
      }),
    );
  }

  async delete(id: T.DataId): Promise<string> {
    const rawId = idArg(id);
    return String(await this.calls.write((em, user) => deleteStockItem(em, rawId, user)));
  }
}

const PAGE = { offset: 'number', limit: 'number', orderBy: 'string', direction: 'string' } as const;
const QUERY_FIELDS = {
  part: {
    ...PAGE,
    category: 'id',
    includeSubcategories: 'boolean',
    active: 'boolean',
    trackable: 'boolean',
    search: 'string',
  },
  tree: { ...PAGE, parent: 'id', topLevel: 'boolean', search: 'string' },
  stock: {
    ...PAGE,
    part: 'id',
    location: 'id',
    includeSublocations: 'boolean',
    category: 'id',
    includeSubcategories: 'boolean',
    status: 'status',
    serial: 'string',
    batch: 'string',
  },
} as const;

export const TREES = { categories: categoryTree, stockLocations: locationTree } as const;
