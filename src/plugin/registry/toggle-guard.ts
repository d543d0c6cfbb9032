// PLUGIN_TOGGLE_GUARD (global setting off | warn | block, default warn): before a toggle commits,
// the operations clients sent within the window are classified against the planned schema. With
// `block`, a toggle that breaks any is refused with BREAKING_CHANGE listing them, unless forced;
// with `warn` it proceeds and the caller gets the list. `plugin.breaking_change` is emitted either
// way (in the toggle's transaction when it proceeds, in a transaction of its own when refused).
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { GLOBAL_SETTINGS } from '../../settings/global.js';
import { effectiveValue, readGlobalSettings } from '../../settings/store.js';
import { brokenOperations, type OperationImpact } from '../../usage/classify.js';
import { recordedOperations, sinceOf } from '../../usage/impact.js';
import type { OperationUsageRow } from '../../usage/store.js';

export type GuardMode = 'off' | 'warn' | 'block';
export const BREAKING_CHANGE = 'BREAKING_CHANGE';
/** The window of recorded traffic a toggle is checked against. */
export const GUARD_WINDOW = '30d';

export async function guardMode(em: EntityManager): Promise<GuardMode> {
  const def = GLOBAL_SETTINGS.PLUGIN_TOGGLE_GUARD!;
  const value = effectiveValue(def, (await readGlobalSettings(em)).get('PLUGIN_TOGGLE_GUARD'));
  return value === 'off' || value === 'block' ? value : 'warn';
}

/** What the guard found for one toggle (given to the caller; null when the guard is off). */
export interface ToggleGuardReport {
  mode: GuardMode;
  forced: boolean;
  blocked: boolean;
  broken: OperationImpact[];
}

/** What the guard checks a toggle against: its mode and the operations recorded in the window. */
export interface GuardInput {
  mode: GuardMode;
  operations: OperationUsageRow[];
}

/**
 * Reads the guard's input (this process's usage counters flushed first) on a connection of its
 * own. The toggle starts it before it plans, so the flush and the reads overlap the composition
 * instead of adding to the toggle (~4 ms); settle it with checkGuard, or it is just dropped.
 */
export function readGuardInput(fork: () => EntityManager): Promise<GuardInput> {
  const input = (async (): Promise<GuardInput> => {
    const mode = await guardMode(fork());
    if (mode === 'off') return { mode, operations: [] };
    return { mode, operations: await recordedOperations(fork(), { since: sinceOf(GUARD_WINDOW) }) };
  })();
  input.catch(() => {}); // awaited (and its failure reported) by checkGuard, if the toggle gets there
  return input;
}

export async function checkGuard(
  input: Promise<GuardInput>,
  before: GraphQLSchema,
  after: GraphQLSchema,
  force: boolean,
): Promise<ToggleGuardReport | null> {
  const { mode, operations } = await input;
  if (mode === 'off') return null;
  // Only what breaks matters here (previews give the full diff): validate the recorded operations
  // against both schemas, no schema diff (it cost ~10 ms per toggle with 100 plugins active).
  const broken = brokenOperations(operations, before, after);
  return { mode, forced: force, blocked: mode === 'block' && !force && broken.length > 0, broken };
}

/** The event's data: which operations break and for which clients. */
export function breakingEventData(key: string, active: boolean, r: ToggleGuardReport): Record<string, unknown> {
  return {
    key,
    active,
    mode: r.mode,
    blocked: r.blocked,
    forced: r.forced,
    operations: r.broken.map((o) => ({
      hash: o.hash,
      operationName: o.operationName,
      count: o.count,
      clients: o.clients.map((c) => `${c.name}@${c.version}`),
      errors: o.errors,
    })),
  };
}

export function breakingChangeError(key: string, active: boolean, r: ToggleGuardReport): GraphQLError {
  const names = r.broken.map((o) => o.operationName ?? o.hash.slice(0, 12));
  return new GraphQLError(
    `Plugin "${key}" was not ${active ? 'activated' : 'deactivated'}: it would break ${r.broken.length} operation(s) clients sent in the last ${GUARD_WINDOW} (${names.join(', ')}). PLUGIN_TOGGLE_GUARD is "block": pass force: true to do it anyway.`,
    {
      extensions: {
        code: BREAKING_CHANGE,
        key,
        operations: breakingEventData(key, active, r).operations,
      },
    },
  );
}
