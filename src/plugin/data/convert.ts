// Rows of the inventory services → the plain data API types (types.ts): ids as strings, relations
// as ids, quantity as a number. Accepts entities or plain rows (a relation may be an object with
// an id, or the id itself), so it keeps working if the core's reads turn into plain objects.
import type { StockStatus } from '../../db/entities/index.js';
import type { PartData, StockItemData, TreeNodeData } from './types.js';

type Ref = { id: number | string } | number | string | null | undefined;

/** A relation (entity, reference or raw id) → its id as a string, or null. */
export function refId(ref: Ref): string | null {
  if (ref === null || ref === undefined) return null;
  return typeof ref === 'object' ? String(ref.id) : String(ref);
}

interface RowLike {
  id: number | string;
  createdAt: Date;
  updatedAt: Date;
}

interface PartLike extends RowLike {
  name: string;
  ipn?: string | null;
  description: string;
  units: string;
  active: boolean;
  trackable: boolean;
  category?: Ref;
}

interface TreeLike extends RowLike {
  name: string;
  description: string;
  parent?: Ref;
  path: string;
}

interface StockItemLike extends RowLike {
  part: Ref;
  location?: Ref;
  quantity: string | number;
  serial?: string | null;
  batch: string;
  status: StockStatus;
}

const row = (r: RowLike) => ({ id: String(r.id), createdAt: r.createdAt, updatedAt: r.updatedAt });

export function toPartData(p: PartLike): PartData {
  return {
    ...row(p),
    name: p.name,
    ipn: p.ipn ?? null,
    description: p.description,
    units: p.units,
    active: p.active,
    trackable: p.trackable,
    category: refId(p.category),
  };
}

export function toTreeNodeData(n: TreeLike): TreeNodeData {
  return { ...row(n), name: n.name, description: n.description, parent: refId(n.parent), path: n.path };
}

export function toStockItemData(s: StockItemLike): StockItemData {
  return {
    ...row(s),
    part: refId(s.part) ?? '',
    location: refId(s.location),
    quantity: Number(s.quantity),
    serial: s.serial ?? null,
    batch: s.batch,
    status: s.status,
  };
}
