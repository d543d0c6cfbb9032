// When a toggle (activatePlugin / CLI activate) is refused: the checks that need no planning, and
// the verdict on a planned change. A refusal is a BAD_USER_INPUT naming the plugin; nothing changes.
import { badInput } from '../../graphql/errors.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { PluginCatalog } from './catalog.js';
import type { Plan } from './planner.js';
import type { ProblemStore } from './problems.js';
import type { PluginRecord, RegistryError, RegistryStage } from './records.js';

/** Throws when the toggle is refused before planning: unknown, gone, mandatory or blocked plugin. */
export function checkToggle(
  key: string,
  active: boolean,
  record: PluginRecord | undefined,
  catalog: PluginCatalog,
  problems: ProblemStore,
): void {
  if (!record && !catalog.isMissing(key)) throw badInput(`Unknown plugin "${key}"`, 'key');
  if (!record && active)
    throw badInput(
      `Plugin "${key}" is not installed (only its configuration remains), so it cannot be activated`,
      'key',
    );
  if (record?.isMandatory && !active) throw badInput(`Mandatory plugin cannot be deactivated: "${key}"`, 'active');
  if (record && active && record.blocked) {
    const why = problems.discoveryErrorsOf(key, record.candidate.path).map((e) => e.message);
    throw badInput(`Plugin "${key}" cannot be activated: ${why.join('; ')}`, 'key');
  }
}

export interface PlannedToggle {
  /** What runs now. */
  running: ReadonlyMap<string, InvenTreePlugin>;
  /** The wanted active set. */
  target: ReadonlySet<string>;
  next: Plan;
  pathOf(key: string): string;
}

/**
 * Why the planned change must be refused, or null: the plugin itself fails, or a plugin that runs
 * now would stop (e.g. the newcomer claims a field it has: composition is in key order, so the
 * newcomer may be the one accepted — the toggle is refused either way).
 */
export function refusalOf(
  key: string,
  active: boolean,
  { running, target, next, pathOf }: PlannedToggle,
): RegistryError | null {
  const own = next.failures.get(key);
  if (active && own) return own;
  const dropped = [...running.keys()].filter((k) => k !== key && target.has(k) && !next.running.has(k));
  if (!dropped.length) return null;
  const why = dropped.map((k) => `"${k}" (${next.failures.get(k)?.message ?? 'it would stop'})`).join('; ');
  const stage: RegistryStage = dropped.some((k) => next.failures.get(k)?.stage === 'schema') ? 'schema' : 'activation';
  return { key, path: pathOf(key), stage, message: `it would stop active plugin(s) ${why}` };
}
