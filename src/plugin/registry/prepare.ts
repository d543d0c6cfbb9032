// The prepare step of a change (AppMixin: migrations). The plugins a plan starts (new instances)
// whose mixins have a prepare hook run it, each in a savepoint of the caller's transaction, which
// holds the plugin-state advisory lock: a failure undoes only that plugin's work, is recorded on
// its record, and the caller plans again without it. What must stay true: a plugin's migrations
// never run unless it is active under the lock.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvenTreePlugin } from '../plugin.js';
import { lockPluginState, readConfigs } from './config-store.js';
import type { RegistryInternals } from './internals.js';
import { needsPrepare, prepareMixins } from './mixin-hooks.js';
import type { KeyedError, Plan } from './planner.js';

/** Plugins the plan starts here (new instances) whose mixins have a prepare hook. */
export function toPrepare(plan: Plan, running: ReadonlyMap<string, InvenTreePlugin>): Array<[string, InvenTreePlugin]> {
  return [...plan.running].filter(([key, plugin]) => running.get(key) !== plugin && needsPrepare(plugin));
}

/** Runs the prepare hooks of the plugins `plan` starts, in savepoints of `em`'s transaction; returns the failures. */
export async function prepareStarting(
  r: RegistryInternals,
  plan: Plan,
  em: EntityManager,
): Promise<Map<string, KeyedError>> {
  const failed = new Map<string, KeyedError>();
  for (const [key, plugin] of toPrepare(plan, r.running())) {
    const undo = new Error('prepare failed');
    await em
      .transactional(async (inner) => {
        const failure = await prepareMixins(plugin, { em: inner as EntityManager, orm: r.orm() });
        if (!failure) return;
        failed.set(key, { key, path: r.catalog.get(key)?.candidate.path ?? '', ...failure });
        throw undo;
      })
      .catch((e: unknown) => {
        if (e !== undo) throw e;
      });
  }
  for (const f of failed.values()) r.problems.report(f.key, f.path, f.stage, f.message);
  return failed;
}

/**
 * Prepares `plan` (made from rows read without the lock) in a transaction holding the lock.
 * Returns null, preparing nothing, when the configured set is no longer `target` under the lock
 * (another process changed it, maybe purged a plugin): the caller reads the rows again.
 */
export function prepareUnderLock(
  r: RegistryInternals,
  plan: Plan,
  target: readonly string[],
): Promise<Map<string, KeyedError> | null> {
  return r.fork().transactional(async (em) => {
    await lockPluginState(em);
    const fresh = r.targetFromRows(await readConfigs(em));
    if (fresh.length !== target.length || fresh.some((k) => !target.includes(k))) return null;
    return prepareStarting(r, plan, em);
  });
}
