// The load stage: construct a plugin and let each of its mixins check the instance.
import { mixinDefinition } from '../mixins/class-marks.js';
import type { InvenTreePlugin } from '../plugin.js';
import { describeError } from './problems.js';
import type { PluginRecord } from './records.js';

/** Throws with a message naming the plugin when construction or a mixin's validate() fails. */
export function instantiate(record: PluginRecord): InvenTreePlugin {
  let plugin: InvenTreePlugin;
  try {
    plugin = new record.cls();
  } catch (e) {
    throw new Error(`plugin "${record.key}" threw in its constructor: ${describeError(e)}`);
  }
  for (const name of record.mixins) {
    try {
      mixinDefinition(name)?.validate?.(plugin);
    } catch (e) {
      throw new Error(`plugin "${record.key}" implements mixin "${name}" wrong: ${describeError(e)}`);
    }
  }
  return plugin;
}
