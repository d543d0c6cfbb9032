// Part create/update/delete with validation. Any signed-in user may call these (see docs/inventory.md).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Part, PartCategory, StockItem, type User } from '../db/entities/index.js';
import { badInput } from '../graphql/errors.js';
import { recordChange } from './events.js';
import { mustFind } from './ids.js';
import type { CreatePartInput, UpdatePartInput } from './inputs.js';
import { beforeChange, validateDelete, validateSave } from './validators.js';
import { DESCRIPTION_MAX, IPN_MAX, UNITS_MAX, notNull, optionalCode, requiredName, text } from './validation.js';

async function assertIpnFree(em: EntityManager, ipn: string | null, exceptId?: number): Promise<void> {
  if (ipn === null) return;
  const clash = await em.findOne(Part, { ipn, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (clash) throw badInput(`IPN "${ipn}" is already used by part ${clash.id} ("${clash.name}")`, 'ipn');
}

export async function createPart(em: EntityManager, input: CreatePartInput, user: User | null): Promise<Part> {
  const name = requiredName(input.name);
  const ipn = optionalCode(input.ipn, 'ipn', IPN_MAX);
  const description = text(input.description, 'description', DESCRIPTION_MAX);
  const units = text(input.units, 'units', UNITS_MAX);
  const category =
    input.category == null ? null : await mustFind(em, PartCategory, input.category, 'category', 'Category');
  await assertIpnFree(em, ipn);
  const part = em.create(Part, {
    name,
    ipn,
    description,
    units,
    category,
    active: input.active ?? true,
    trackable: input.trackable ?? false,
  });
  await validateSave(em, 'part', part, null);
  await em.flush();
  await recordChange(em, 'part', 'created', part, user);
  return part;
}

export async function updatePart(
  em: EntityManager,
  rawId: string,
  input: UpdatePartInput,
  user: User | null,
): Promise<Part> {
  const part = await mustFind(em, Part, rawId, 'id', 'Part');
  const name = input.name === undefined ? part.name : requiredName(input.name);
  const ipn = input.ipn === undefined ? (part.ipn ?? null) : optionalCode(input.ipn, 'ipn', IPN_MAX);
  const description =
    input.description === undefined ? part.description : text(input.description, 'description', DESCRIPTION_MAX);
  const units = input.units === undefined ? part.units : text(input.units, 'units', UNITS_MAX);
  const active = notNull(input.active, 'active') ?? part.active;
  const trackable = notNull(input.trackable, 'trackable') ?? part.trackable;
  let category = part.category ?? null;
  if (input.category !== undefined)
    category =
      input.category === null ? null : await mustFind(em, PartCategory, input.category, 'category', 'Category');
  if (ipn !== (part.ipn ?? null)) await assertIpnFree(em, ipn, part.id);
  if (trackable !== part.trackable) {
    // Items of trackable parts carry serials and items of other parts do not (see stock.ts).
    const conflicting = await em.count(StockItem, { part: part.id, serial: trackable ? null : { $ne: null } });
    if (conflicting) {
      throw badInput(
        trackable
          ? `Cannot make the part trackable: ${conflicting} of its stock items have no serial number`
          : `Cannot make the part untrackable: ${conflicting} of its stock items have serial numbers`,
        'trackable',
      );
    }
  }
  const before = beforeChange(em, 'part', part);
  Object.assign(part, { name, ipn, description, units, active, trackable, category });
  if (before) await validateSave(em, 'part', part, before);
  await em.flush();
  await recordChange(em, 'part', 'saved', part, user);
  return part;
}

/** Deleting a part that still has stock items is refused (delete or re-assign the stock first). */
export async function deletePart(em: EntityManager, rawId: string, user: User | null): Promise<number> {
  const part = await mustFind(em, Part, rawId, 'id', 'Part');
  const stock = await em.count(StockItem, { part: part.id });
  if (stock) throw badInput(`Part ${part.id} ("${part.name}") has ${stock} stock items: delete them first`, 'id');
  await validateDelete(em, 'part', part);
  const id = part.id;
  await recordChange(em, 'part', 'deleted', part, user);
  em.remove(part);
  await em.flush();
  return id;
}
