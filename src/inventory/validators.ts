// The inventory's one injection point for outside validators (the plugin system's ValidationMixin
// installs one; the core never imports src/plugin). Every create/update/delete of a part, part
// category, stock location or stock item calls `validateSave` / `validateDelete` inside its
// transaction, after the core's own checks and before the flush and the event: a validator that
// throws rolls everything back, so nothing is written and no event is recorded. Validators see
// plain, frozen snapshots (never the request's entities). With no validators installed (the field
// on AppServices unset) these calls do nothing, so the core behaves as before.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Part, StockItem } from '../db/entities/index.js';
import type { GraphQLContext } from '../graphql/context.js';
import { type InventoryModel, type InventoryModels, snapshotOf } from './events.js';
import { mustFind } from './ids.js';

/** A row as validators see it: its columns (relations as ids), `id` null before its first save. */
export type InstanceSnapshot = Readonly<Record<string, string | number | boolean | null>>;
/** What an update changes: field → old and new value. */
export type InstanceDeltas = Readonly<Record<string, { old: unknown; new: unknown }>>;

export interface SaveCheck {
  model: InventoryModel;
  instance: InstanceSnapshot;
  /** null on create. */
  deltas: InstanceDeltas | null;
  /** For a stock item: its part. */
  part?: InstanceSnapshot;
}

export interface InventoryValidators {
  /** Throws (a GraphQLError meant for the client) to refuse the write. */
  beforeSave(check: SaveCheck): Promise<void>;
  beforeDelete(model: InventoryModel, instance: InstanceSnapshot): Promise<void>;
  /** The next serial number for a part (`latest`: its newest stored serial), or null when nobody can tell. */
  nextSerialNumber(part: InstanceSnapshot, latest: string | null): Promise<string | null>;
  /** The next batch code (for a part, or in general), or null. */
  nextBatchCode(part: InstanceSnapshot | null): Promise<string | null>;
}

declare module '../graphql/context.js' {
  interface AppServices {
    /** Installed by the ValidationMixin's setup; unset = no outside validation. */
    inventoryValidators?: InventoryValidators;
  }
}

// The transactional EntityManager of a mutation → the validators of the server running it
// (bound by inTransaction; one process may run several servers).
const bound = new WeakMap<EntityManager, InventoryValidators>();

export function bindValidators(em: EntityManager, validators: InventoryValidators | undefined): void {
  if (validators) bound.set(em, validators);
}

export function validatorsOf(em: EntityManager): InventoryValidators | undefined {
  return bound.get(em);
}

export function instanceOf<M extends InventoryModel>(model: M, entity: InventoryModels[M]): InstanceSnapshot {
  return Object.freeze({ ...snapshotOf(model, entity), id: entity.id ?? null });
}

function deltasBetween(before: InstanceSnapshot, after: InstanceSnapshot): InstanceDeltas {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = { old: before[k] ?? null, new: v };
  return Object.freeze(out);
}

/**
 * Asks the validators about a row about to be created (`before` null) or updated (`before` = its
 * snapshot taken before the change). Call after the entity holds its new values, before flush.
 */
export async function validateSave<M extends InventoryModel>(
  em: EntityManager,
  model: M,
  entity: InventoryModels[M],
  before: InstanceSnapshot | null,
): Promise<void> {
  const validators = bound.get(em);
  if (!validators) return;
  const instance = instanceOf(model, entity);
  const part = model === 'stockitem' ? stockItemPart(entity as StockItem) : undefined;
  await validators.beforeSave({
    model,
    instance,
    deltas: before ? deltasBetween(before, instance) : null,
    ...(part ? { part } : {}),
  });
}

function stockItemPart(item: StockItem): InstanceSnapshot | undefined {
  // A reference that was never loaded (items moved by a location's reparent) has only its id.
  return item.part.name === undefined ? Object.freeze({ id: item.part.id }) : instanceOf('part', item.part);
}

/** The snapshot to pass as `before` to validateSave (null when no validators run: no work). */
export function beforeChange<M extends InventoryModel>(
  em: EntityManager,
  model: M,
  entity: InventoryModels[M],
): InstanceSnapshot | null {
  return bound.has(em) ? instanceOf(model, entity) : null;
}

export async function validateDelete<M extends InventoryModel>(
  em: EntityManager,
  model: M,
  entity: InventoryModels[M],
): Promise<void> {
  await bound.get(em)?.beforeDelete(model, instanceOf(model, entity));
}

/** The newest serial number stored for a part (by stock item id), or null. */
async function latestSerial(em: EntityManager, part: Part): Promise<string | null> {
  const item = await em.findOne(
    StockItem,
    { part: part.id, serial: { $ne: null } },
    { orderBy: { id: 'desc' }, fields: ['serial'] },
  );
  return item?.serial ?? null;
}

/** The next serial number for a part from the validators, or null (none installed or none answers). */
export async function nextSerialFor(em: EntityManager, part: Part, validators = bound.get(em)): Promise<string | null> {
  if (!validators) return null;
  return validators.nextSerialNumber(instanceOf('part', part), await latestSerial(em, part));
}

/** For the `nextSerialNumber` / `nextBatchCode` queries (read-only, outside a transaction). */
export async function nextCodeQuery(
  ctx: GraphQLContext,
  kind: 'serial' | 'batch',
  rawPart: string | null | undefined,
): Promise<string | null> {
  const validators = ctx.app.inventoryValidators;
  const part = rawPart == null ? null : await mustFind(ctx.em, Part, rawPart, 'part', 'Part');
  if (!validators) return null;
  if (kind === 'batch') return validators.nextBatchCode(part ? instanceOf('part', part) : null);
  return part ? nextSerialFor(ctx.em, part, validators) : null;
}
