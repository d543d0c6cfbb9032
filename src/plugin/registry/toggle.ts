// The toggle transaction (activatePlugin): under the plugin-state advisory lock it writes
// PluginConfig.active with its audit row and event, plans the new set, runs the prepare step,
// checks the refusal rules (toggle-rules.ts) and PLUGIN_TOGGLE_GUARD (toggle-guard.ts). What must
// stay true: a refused toggle changes nothing (the transaction rolls back; only the refusal is
// recorded, and a blocked toggle's plugin.breaking_change event in a transaction of its own), and
// nothing is applied here: the registry applies the returned plan after the commit.
import type { User } from '../../db/entities/index.js';
import { raiseEvent, triggerEvent } from '../../events/trigger.js';
import { badInput } from '../../graphql/errors.js';
import { logger } from '../../log.js';
import { lockPluginState, markForced, readConfigs, writeActive } from './config-store.js';
import type { GraceWindow } from './grace.js';
import type { RegistryInternals } from './internals.js';
import type { KeyedError, Plan } from './planner.js';
import { prepareStarting } from './prepare.js';
import { configuredSchema } from './previews.js';
import type { RegistryError } from './records.js';
import type { ChangeSource } from './start-options.js';
import {
  breakingChangeError,
  breakingEventData,
  checkGuard,
  readGuardInput,
  type ToggleGuardReport,
} from './toggle-guard.js';
import { checkToggle, refusalOf } from './toggle-rules.js';

const log = logger('plugins');

export interface ActivateOptions {
  /** Proceed even when PLUGIN_TOGGLE_GUARD is block and operations would break (audited as forced). */
  force?: boolean;
  /** Receives what the guard found (not called when the guard is off or nothing changes). */
  onGuard?: (report: ToggleGuardReport) => void;
}

export interface ToggleRequest {
  key: string;
  active: boolean;
  actor: User | null;
  source: ChangeSource;
  opts: ActivateOptions;
}

/** A committed toggle: the plan to apply (null: nothing to apply here) and what the guard found. */
export interface ToggleOutcome {
  plan: Plan | null;
  graced: Map<string, GraceWindow>;
  guard: ToggleGuardReport | null;
}

/** Runs the toggle's transaction; throws (BAD_USER_INPUT, BREAKING_CHANGE) when it is refused. */
export async function commitToggle(r: RegistryInternals, req: ToggleRequest): Promise<ToggleOutcome> {
  const { key, active, actor, source } = req;
  const record = r.catalog.get(key);
  checkToggle(key, active, record, r.catalog, r.problems);
  const out: ToggleOutcome = { plan: null, graced: new Map(), guard: null };
  let refusal: RegistryError | null = null;
  let unprepared: KeyedError | undefined;
  const force = req.opts.force === true;
  const running = r.running();
  const guardInput = readGuardInput(() => r.fork());
  await r
    .fork()
    .transactional(async (em) => {
      await lockPluginState(em);
      const rows = await readConfigs(em);
      const row = rows.find((c) => c.key === key);
      if (!row) throw badInput(`Unknown plugin "${key}"`, 'key');
      const target = new Set(r.targetFromRows(rows));
      if (active) target.add(key);
      else target.delete(key);
      // Read once under the lock: the plans below and the guard's "before" schema all use them.
      const switches = await r.planner.switchesNow();
      const unchanged = row.active === active && running.has(key) === active;
      if (unchanged && (await r.planner.signatureFor(target, await r.graced(target, em), switches)) === r.runningSig())
        return;
      if (row.active !== active) {
        await writeActive(em, { key, from: row.active, to: active, user: actor, source }, r.origin);
        await triggerEvent(
          em,
          active ? 'plugin.activated' : 'plugin.deactivated',
          { key, active, source },
          { model: 'pluginconfig', instanceId: key, user: actor },
        );
      }
      if (!record) return; // a missing plugin: only its row changes
      // Read in this transaction: a plugin turned off now starts its grace at this audit row.
      const graced = await r.graced(target, em);
      out.graced = graced;
      let next = await r.planner.plan(target, running, { graced, switches });
      // Before the refusal check: a plugin whose prepare (migrations) fails must not run.
      const failed = await prepareStarting(r, next, em);
      unprepared = failed.get(key);
      if (unprepared)
        throw badInput(`Plugin "${key}" cannot be activated: [${unprepared.stage}] ${unprepared.message}`, 'key');
      if (failed.size) next = await r.planner.plan(target, running, { excluded: failed, graced, switches });
      refusal = refusalOf(key, active, {
        running,
        target,
        next,
        pathOf: (k) => r.catalog.get(k)?.candidate.path ?? '',
      });
      if (refusal)
        throw badInput(`Plugin "${key}" cannot be ${active ? 'activated' : 'deactivated'}: ${refusal.message}`, 'key');
      const guard = await checkGuard(guardInput, await configuredSchema(r, rows, switches), next.compose.schema, force);
      out.guard = guard;
      if (guard?.blocked) throw breakingChangeError(key, active, guard);
      // Audited as forced only when force overrode a refusal.
      if (row.active !== active && guard?.mode === 'block' && guard.broken.length) await markForced(em, key);
      if (guard?.broken.length)
        await triggerEvent(em, 'plugin.breaking_change', breakingEventData(key, active, guard), {
          model: 'pluginconfig',
          instanceId: key,
          user: actor,
        });
      out.plan = next;
    })
    .catch(async (e: unknown) => {
      const refused = refusal as RegistryError | null;
      if (refused?.key === key) r.problems.setFailure({ ...refused, key });
      if (unprepared) r.problems.setFailure(unprepared);
      if (out.guard?.blocked)
        await raiseEvent(r.orm(), 'plugin.breaking_change', breakingEventData(key, active, out.guard), {
          model: 'pluginconfig',
          instanceId: key,
          user: actor,
        }).catch((err: unknown) => log.error('recording plugin.breaking_change failed', err));
      throw e;
    });
  return out;
}
