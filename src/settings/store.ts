// Reads and writes plugin settings and global settings (tables plugin_settings and
// global_settings, values stored as text). Values are parsed and validated against their
// definition before anything is written.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  decode,
  encode,
  parseSetting,
  SETTING_MODELS,
  SettingValidationError,
  type SettingDefinition,
  type SettingDefinitions,
  type SettingValue,
} from './definitions.js';

export interface StoredSetting {
  key: string;
  value: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

interface Row {
  key: string;
  value: string | null;
  updated_at: Date;
  username: string | null;
}

const toStored = (r: Row): StoredSetting => ({
  key: r.key,
  value: r.value,
  updatedAt: r.updated_at,
  updatedBy: r.username,
});

export async function readPluginSettings(em: EntityManager, pluginKey: string): Promise<Map<string, StoredSetting>> {
  const rows = await em.execute<Row[]>(
    `select s.key, s.value, s.updated_at, u.username from plugin_settings s left join users u on u.id = s.updated_by_id where s.plugin_key = ?`,
    [pluginKey],
  );
  return new Map(rows.map((r) => [r.key, toStored(r)]));
}

export async function readGlobalSettings(em: EntityManager): Promise<Map<string, StoredSetting>> {
  const rows = await em.execute<Row[]>(
    `select s.key, s.value, s.updated_at, u.username from global_settings s left join users u on u.id = s.updated_by_id`,
  );
  return new Map(rows.map((r) => [r.key, toStored(r)]));
}

/** Parses, validates (including that a referenced row exists) and returns the text to store. */
export async function prepareValue(
  em: EntityManager,
  key: string,
  def: SettingDefinition,
  input: SettingValue | undefined,
): Promise<string | null> {
  const value = parseSetting(key, def, input);
  if (value !== null && def.type === 'model' && def.model) {
    const table = SETTING_MODELS[def.model];
    const found = await em.execute<unknown[]>(`select 1 from ${table} where id = ?`, [value]);
    if (!found.length)
      throw new SettingValidationError(key, `Setting "${key}" (${def.name}): no ${def.model} with id ${value}`);
  }
  return encode(value);
}

export async function writePluginSetting(
  em: EntityManager,
  pluginKey: string,
  key: string,
  text: string | null,
  userId: number | null,
): Promise<void> {
  await em.execute(
    `insert into plugin_settings (plugin_key, key, value, updated_at, updated_by_id) values (?, ?, ?, now(), ?)
     on conflict (plugin_key, key) do update set value = excluded.value, updated_at = now(), updated_by_id = excluded.updated_by_id`,
    [pluginKey, key, text, userId],
  );
}

export async function writeGlobalSetting(
  em: EntityManager,
  key: string,
  text: string | null,
  userId: number | null,
): Promise<void> {
  await em.execute(
    `insert into global_settings (key, value, updated_at, updated_by_id) values (?, ?, now(), ?)
     on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by_id = excluded.updated_by_id`,
    [key, text, userId],
  );
}

/** The typed value of a setting: stored, else its default, else null. */
export function effectiveValue(def: SettingDefinition, stored: StoredSetting | undefined): SettingValue {
  if (stored && stored.value !== null) return decode(def, stored.value);
  return def.default ?? null;
}

/** Keys of required settings that have neither a stored value nor a default. */
export function missingRequired(defs: SettingDefinitions, stored: Map<string, StoredSetting>): string[] {
  return Object.entries(defs)
    .filter(([key, def]) => def.required && effectiveValue(def, stored.get(key)) === null)
    .map(([key]) => key);
}
