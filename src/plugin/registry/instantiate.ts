// The load stage: construct a plugin and let each of its mixins check the instance.
import { mixinDefinition } from '../mixin-registry.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { PluginRecord } from './types.js';

export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

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
