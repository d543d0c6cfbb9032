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

/** The event payload: the row's columns, relations as ids. */
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
  await triggerEvent(em, `${model}.${action}`, snapshotOf(model, entity), { model, instanceId: entity.id, user });
}
