// InvenTree's old base-class name, kept so older plugins still load. The registry emits a
// DeprecationWarning (once per plugin class) and shows it on the plugin's record.
import { InvenTreePlugin } from './plugin.js';

export const INTEGRATION_PLUGIN_BASE_WARNING_CODE = 'PARTGRAPH_DEP_INTEGRATION_PLUGIN_BASE';

/** @deprecated Extend InvenTreePlugin instead. */
export abstract class IntegrationPluginBase extends InvenTreePlugin {}

const warned = new WeakSet<object>();

/** The deprecation message for `cls`, emitting the process warning the first time per class. */
export function integrationBaseWarning(cls: { prototype: unknown; NAME: string }): string | null {
  if (!(cls.prototype instanceof IntegrationPluginBase)) return null;
  const message = `Plugin "${cls.NAME}" extends IntegrationPluginBase, which is deprecated: extend InvenTreePlugin instead`;
  if (!warned.has(cls)) {
    warned.add(cls);
    process.emitWarning(message, { type: 'DeprecationWarning', code: INTEGRATION_PLUGIN_BASE_WARNING_CODE });
  }
  return message;
}
