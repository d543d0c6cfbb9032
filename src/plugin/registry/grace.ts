// Deprecation grace (GraphQLMixin's GRAPHQL_DEPRECATION_GRACE): a disabled plugin whose grace has
// not run out still contributes its schema, but every field it contributes is marked
// @deprecated("plugin <key> disabled at <time>; removed after <time>") and resolves to a
// PLUGIN_DISABLED error. The disabling time comes from the audit trail, so every process composes
// the same schema (same hash). The plugin itself does not run (no routes, events, schedules).
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { durationMs } from '../../usage/impact.js';
import type { PluginCatalog } from './catalog.js';

export const PLUGIN_DISABLED = 'PLUGIN_DISABLED';

export interface GraceWindow {
  disabledAt: Date;
  until: Date;
}

/** The plugin class's grace in ms, or null (no grace, or not a valid duration). */
export function graceMsOf(cls: unknown): number | null {
  const grace = (cls as { GRAPHQL_DEPRECATION_GRACE?: unknown } | null)?.GRAPHQL_DEPRECATION_GRACE;
  return typeof grace === 'string' ? durationMs(grace) : null;
}

/**
 * The plugins outside `target` still in their grace: those with a grace whose latest audit row
 * turned them off less than the grace ago. `justDisabled` (a preview) counts as disabled now.
 */
export async function gracedPlugins(
  em: EntityManager,
  catalog: PluginCatalog,
  target: Iterable<string>,
  justDisabled?: string,
  now = Date.now(),
): Promise<Map<string, GraceWindow>> {
  const wanted = new Set(target);
  const candidates = new Map<string, number>();
  for (const r of catalog.records()) {
    const ms = r.blocked ? null : graceMsOf(r.cls);
    if (ms !== null && !wanted.has(r.key)) candidates.set(r.key, ms);
  }
  const out = new Map<string, GraceWindow>();
  if (!candidates.size) return out;
  const rows = await em.execute<Array<{ plugin_key: string; to_active: boolean; created_at: Date }>>(
    `select distinct on (plugin_key) plugin_key, to_active, created_at from plugin_state_changes
      where plugin_key in (?) order by plugin_key, id desc`,
    [[...candidates.keys()]],
  );
  const latest = new Map(rows.map((r) => [r.plugin_key, r]));
  for (const [key, ms] of candidates) {
    const row = latest.get(key);
    const disabledAt =
      key === justDisabled && (!row || row.to_active)
        ? new Date(now)
        : row && !row.to_active
          ? new Date(row.created_at)
          : null;
    if (!disabledAt) continue;
    const until = new Date(disabledAt.getTime() + ms);
    if (until.getTime() > now) out.set(key, { disabledAt, until });
  }
  return out;
}

/** Marks what graced plugins contribute as deprecated, resolving to PLUGIN_DISABLED. */
export function deprecateGraced(
  schema: GraphQLSchema,
  attribution: ReadonlyMap<string, readonly string[]>,
  graced: ReadonlyMap<string, GraceWindow>,
): void {
  for (const [key, w] of graced) {
    const reason = `plugin ${key} disabled at ${w.disabledAt.toISOString()}; removed after ${w.until.toISOString()}`;
    const fail = () => {
      throw new GraphQLError(`This field is deprecated: ${reason}`, { extensions: { code: PLUGIN_DISABLED, key } });
    };
    for (const coordinate of attribution.get(key) ?? []) {
      const [typeName, fieldName] = coordinate.split('.');
      const type = typeName ? schema.getType(typeName) : undefined;
      if (!fieldName || !(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[fieldName];
      if (!field) continue;
      field.deprecationReason = reason;
      field.resolve = fail;
      if (field.subscribe) field.subscribe = fail;
      // Running subscriptions on it are ended like removed ones (src/server/live-subscriptions.ts).
      field.extensions = { ...field.extensions, disabledPlugin: key };
    }
  }
}

/** Signature entries of the graced plugins (part of what a process runs). */
export function graceSignature(graced: ReadonlyMap<string, GraceWindow>): string[] {
  return [...graced].map(([k, w]) => `~${k}@${w.disabledAt.toISOString()}`).sort();
}

/** In a server: rebuilds when the first grace runs out (every process does the same). */
export class GraceTimer {
  #timer: NodeJS.Timeout | undefined;

  /** Calls `expire` when the earliest of `graced` ends (replaces an earlier arming). */
  arm(graced: ReadonlyMap<string, GraceWindow>, expire: () => unknown): void {
    this.clear();
    if (!graced.size) return;
    const first = Math.min(...[...graced.values()].map((w) => w.until.getTime()));
    this.#timer = setTimeout(() => void expire(), Math.min(Math.max(first - Date.now() + 50, 0), 2 ** 31 - 1));
    this.#timer.unref();
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
