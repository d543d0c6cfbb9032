// Stock item create/update/delete with validation. Any signed-in user may call these.
//
// Serial numbers (kept simple, InvenTree-like): items of a trackable part must have a serial
// number, unique per part, and then hold exactly quantity 1; items of a non-trackable part
// have no serial number. Uniqueness is on the serial's normalised key (serial-key.ts), so
// look-alikes (zero-width characters, full-width letters, case) are one serial; the database's
// unique (part_id, serial_key) index settles races between concurrent requests.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Part, StockItem, StockLocation, type User } from '../db/entities/index.js';
import { badInput } from '../graphql/errors.js';
import { recordChange } from './events.js';
import { mustFind } from './ids.js';
import type { CreateStockItemInput, UpdateStockItemInput } from './inputs.js';
import { beforeChange, nextSerialFor, validateDelete, validateSave } from './validators.js';
import { BATCH_MAX, notNull, optionalSerial, quantity as validQuantity, text } from './validation.js';

type Serial = { serial: string; key: string } | null;

/** The trackable/serial/quantity rules; the uniqueness check only when `checkUnique` (the serial changed). */
async function checkSerial(
  em: EntityManager,
  part: Part,
  serial: Serial,
  qty: string,
  checkUnique: boolean,
  exceptId?: number,
): Promise<void> {
  if (part.trackable && serial === null)
    throw badInput(`Part "${part.name}" is trackable: its stock items need a serial number`, 'serial');
  if (!part.trackable && serial !== null)
    throw badInput(`Part "${part.name}" is not trackable: its stock items cannot have serial numbers`, 'serial');
  if (serial === null) return;
  if (Number(qty) !== 1) throw badInput('A serialized stock item must have quantity 1', 'quantity');
  if (!checkUnique) return;
  const clash = await em.findOne(StockItem, {
    part: part.id,
    serialKey: serial.key,
    ...(exceptId ? { id: { $ne: exceptId } } : {}),
  });
  if (clash) {
    const same =
      clash.serial === serial.serial
        ? ''
        : ` as "${clash.serial}" (serials are compared ignoring case, width and invisible characters)`;
    throw badInput(
      `Serial number "${serial.serial}" already exists for part "${part.name}"${same} (stock item ${clash.id})`,
      'serial',
    );
  }
}

/** `nextSerial: true`: the serial the validators (ValidationMixin plugins) give for the part. */
async function nextSerial(em: EntityManager, part: Part, given: string | null | undefined): Promise<Serial> {
  if (given != null && given !== '') throw badInput('Give either serial or nextSerial: true, not both', 'nextSerial');
  if (!part.trackable)
    throw badInput(`Part "${part.name}" is not trackable: its stock items cannot have serial numbers`, 'nextSerial');
  const next = await nextSerialFor(em, part);
  if (next === null) throw badInput(`No plugin gives the next serial number for part "${part.name}"`, 'nextSerial');
  return optionalSerial(next, 'nextSerial');
}

export async function createStockItem(
  em: EntityManager,
  input: CreateStockItemInput,
  user: User | null,
): Promise<StockItem> {
  const part = await mustFind(em, Part, input.part, 'part', 'Part');
  const location =
    input.location == null ? null : await mustFind(em, StockLocation, input.location, 'location', 'Location');
  const quantity = validQuantity(input.quantity ?? 1);
  const serial = input.nextSerial ? await nextSerial(em, part, input.serial) : optionalSerial(input.serial);
  const batch = text(input.batch, 'batch', BATCH_MAX);
  await checkSerial(em, part, serial, quantity, true);
  const item = em.create(StockItem, {
    part,
    location,
    quantity,
    serial: serial?.serial ?? null,
    serialKey: serial?.key ?? null,
    batch,
    status: input.status ?? 'OK',
  });
  await validateSave(em, 'stockitem', item, null);
  await em.flush();
  await recordChange(em, 'stockitem', 'created', item, user);
  return item;
}

export async function updateStockItem(
  em: EntityManager,
  rawId: string,
  input: UpdateStockItemInput,
  user: User | null,
): Promise<StockItem> {
  const item = await mustFind(em, StockItem, rawId, 'id', 'Stock item', ['part']);
  let location = item.location ?? null;
  if (input.location !== undefined)
    location =
      input.location === null ? null : await mustFind(em, StockLocation, input.location, 'location', 'Location');
  const quantity = input.quantity === undefined ? item.quantity : validQuantity(input.quantity);
  // An unchanged serial keeps its stored key (a key marked as a pre-existing duplicate by the
  // SerialKey migration must not block unrelated updates of that item).
  const current: Serial = item.serial ? { serial: item.serial, key: item.serialKey ?? '' } : null;
  const serial = input.serial === undefined ? current : optionalSerial(input.serial);
  const serialChanged = (serial?.serial ?? null) !== (current?.serial ?? null);
  const batch = input.batch === undefined ? item.batch : text(input.batch, 'batch', BATCH_MAX);
  const status = notNull(input.status, 'status') ?? item.status;
  await checkSerial(em, item.part, serial, quantity, serialChanged, item.id);
  const serialFields = serialChanged ? { serial: serial?.serial ?? null, serialKey: serial?.key ?? null } : {};
  const before = beforeChange(em, 'stockitem', item);
  Object.assign(item, { location, quantity, ...serialFields, batch, status });
  if (before) await validateSave(em, 'stockitem', item, before);
  await em.flush();
  await recordChange(em, 'stockitem', 'saved', item, user);
  return item;
}

export async function deleteStockItem(em: EntityManager, rawId: string, user: User | null): Promise<number> {
  const item = await mustFind(em, StockItem, rawId, 'id', 'Stock item');
  await validateDelete(em, 'stockitem', item);
  const id = item.id;
  await recordChange(em, 'stockitem', 'deleted', item, user);
  em.remove(item);
  await em.flush();
  return id;
}
