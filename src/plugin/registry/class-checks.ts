// Discovery-time checks of a plugin class's static declarations, by each of its mixins
// (`validateClass`, e.g. the SettingsMixin's SETTINGS table). A failing class is recorded with a
// `load` error and blocked — listed with its error right after discovery, never activated —
// instead of failing only when someone tries to activate it. No plugin instance is created.
import { mixinDefinition } from '../mixins/class-marks.js';
import { describeError } from './problems.js';
import type { PluginRecord, RegistryError } from './records.js';

/** Runs the mixins' class checks; blocks the record and returns its errors (empty when fine). */
export function checkPluginClass(record: PluginRecord): RegistryError[] {
  const errors: RegistryError[] = [];
  for (const name of record.mixins) {
    try {
      mixinDefinition(name)?.validateClass?.(record.cls);
    } catch (e) {
      errors.push({
        key: record.key,
        path: record.candidate.path,
        stage: 'load',
        message: `plugin "${record.key}" implements mixin "${name}" wrong: ${describeError(e)}`,
      });
    }
  }
  if (errors.length) record.blocked = true;
  return errors;
}
