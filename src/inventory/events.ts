// The one place inventory mutations raise events: `<model>.created|saved|deleted` (InvenTree's
// names) through triggerEvent, on the mutation's transactional EntityManager so a rolled-back
// change emits nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Part, PartCategory, StockItem, StockLocation, User } from '../db/entities/index.js';
import { triggerEvent } from '../events/trigger.js';

export interface InventoryModels {
  part: Part;
  partcategory: PartCategory;
  stocklocation: StockLocation;
  stockitem: StockItem;
}
export type InventoryModel = keyof InventoryModels;
export type ChangeAction = 'created' | 'saved' | 'deleted';

type Snapshot = Record<string, string | number | boolean | null>;

const idOf = (ref: { id: number } | null | undefined): number | null => ref?.id ?? null;

/** A row's columns, relations as numeric ids (validators see this; events get eventDataOf). */
const snapshots: { [M in InventoryModel]: (e: InventoryModels[M]) => Snapshot } = {
  partcategory: (c) => ({ id: c.id, name: c.name, description: c.description, parent: idOf(c.parent), path: c.path }),
  stocklocation: (l) => ({ id: l.id, name: l.name, description: l.description, parent: idOf(l.parent), path: l.path }),
  part: (p) => ({
    id: p.id,
    name: p.name,
    ipn: p.ipn ?? null,
    description: p.description,
    category: idOf(p.category),
    active: p.active,
    trackable: p.trackable,
    units: p.units,
  }),
  stockitem: (s) => ({
    id: s.id,
    part: s.part.id,
    location: idOf(s.location),
    quantity: Number(s.quantity),
    serial: s.serial ?? null,
    batch: s.batch,
    status: s.status,
  }),
};

export function snapshotOf<M extends InventoryModel>(model: M, entity: InventoryModels[M]): Snapshot {
  return snapshots[model](entity);
}

/** The row's id and its relations' ids (the keys holding ids in a snapshot). */
const ID_FIELDS = new Set(['id', 'parent', 'category', 'part', 'location']);

/**
 * The event payload of a row: its snapshot with ids as strings, the form GraphQL's `ID` uses
 * (docs/events.md), so event data and query results compare equal.
 */
export function eventDataOf<M extends InventoryModel>(model: M, entity: InventoryModels[M]): Snapshot {
  const data = snapshotOf(model, entity);
  for (const key of Object.keys(data)) {
    const v = data[key];
    if (ID_FIELDS.has(key) && typeof v === 'number') data[key] = String(v);
  }
  return data;
}

/**
 * Records `<model>.<action>` for one row. Call after the row is flushed (so it has its id);
 * for deletions call it before removing the row (same transaction, so it still commits together).
 */
export async function recordChange<M extends InventoryModel>(
  em: EntityManager,
  model: M,
  action: ChangeAction,
  entity: InventoryModels[M],
  user: User | null,
): Promise<void> {
  await triggerEvent(em, `${model}.${action}`, eventDataOf(model, entity), { model, instanceId: entity.id, user });
}
