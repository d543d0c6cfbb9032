// The barcode tables (migration Migration20261129000000Barcodes) in plain SQL: linked
// third-party barcodes (only their sha256 is stored; one barcode names one object, one object
// has one link) and the scan history with its retention (rows older than
// BARCODE_SCAN_RETENTION_DAYS are deleted on a scan, at most once an hour per process).
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BarcodeMatch, BarcodeModel } from './mixin.js';

export function barcodeHash(barcode: string): string {
  return createHash('sha256').update(barcode, 'utf8').digest('hex');
}

/** The object a linked barcode names, or null. */
export async function linkedObject(em: EntityManager, barcode: string): Promise<BarcodeMatch | null> {
  const rows = await em.execute<Array<{ model: BarcodeModel; object_id: number }>>(
    'select model, object_id from barcode_links where barcode_hash = ?',
    [barcodeHash(barcode)],
  );
  return rows[0] ? { model: rows[0].model, id: rows[0].object_id } : null;
}

/** Removes the link of `barcode` (a stale one, whose object is gone). */
export async function dropLink(em: EntityManager, barcode: string): Promise<void> {
  await em.execute('delete from barcode_links where barcode_hash = ?', [barcodeHash(barcode)]);
}

/** Links `barcode` to the object, replacing the object's previous link. The caller checked the barcode is free. */
export async function saveLink(
  em: EntityManager,
  target: BarcodeMatch,
  barcode: string,
  userId: number,
): Promise<void> {
  await em.execute(
    `insert into barcode_links (model, object_id, barcode_hash, user_id) values (?, ?, ?, ?)
     on conflict (model, object_id) do update set barcode_hash = excluded.barcode_hash,
       user_id = excluded.user_id, created_at = now()`,
    [target.model, target.id, barcodeHash(barcode), userId],
  );
}

/** Removes the object's link; whether there was one. */
export async function removeLink(em: EntityManager, target: BarcodeMatch): Promise<boolean> {
  const rows = await em.execute<Array<{ id: number }>>(
    'delete from barcode_links where model = ? and object_id = ? returning id',
    [target.model, target.id],
  );
  return rows.length > 0;
}

export interface ScanRecord {
  barcode: string;
  userId: number;
  plugin: string | null;
  match: BarcodeMatch | null;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPrune = 0;

/** Stores one scan; first deletes scans older than `retentionDays` when the last check is an hour old. */
export async function recordScan(em: EntityManager, scan: ScanRecord, retentionDays: number): Promise<void> {
  const now = Date.now();
  if (now - lastPrune >= PRUNE_EVERY_MS) {
    lastPrune = now;
    await em.execute(`delete from barcode_scans where created_at < now() - make_interval(days => ?)`, [retentionDays]);
  }
  await em.execute('insert into barcode_scans (barcode, user_id, plugin, model, object_id) values (?, ?, ?, ?, ?)', [
    scan.barcode,
    scan.userId,
    scan.plugin,
    scan.match?.model ?? null,
    scan.match?.id ?? null,
  ]);
}

export interface ScanRow {
  id: string;
  barcode: string;
  username: string | null;
  plugin: string | null;
  model: string | null;
  object_id: number | null;
  created_at: Date;
}

export interface ScanFilter {
  limit: number;
  userId?: number;
  plugin?: string;
  matched?: boolean;
}

/** Scans, newest first. */
export async function listScans(em: EntityManager, f: ScanFilter): Promise<ScanRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.userId !== undefined) {
    where.push('s.user_id = ?');
    params.push(f.userId);
  }
  if (f.plugin !== undefined) {
    where.push('s.plugin = ?');
    params.push(f.plugin);
  }
  if (f.matched !== undefined) where.push(f.matched ? 's.model is not null' : 's.model is null');
  params.push(f.limit);
  return em.execute<ScanRow[]>(
    `select s.id::text as id, s.barcode, u.username, s.plugin, s.model, s.object_id, s.created_at
       from barcode_scans s left join users u on u.id = s.user_id
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by s.id desc limit ?`,
    params,
  );
}
