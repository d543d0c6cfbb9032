// LocateMixin at run time: nothing to start or stop; the plugin is looked up among the active
// ones when `locate` is called. The mixin adds `locate` and `Plugin.canLocate` (admin.ts).
import type { MixinLifecycle } from '../lifecycle.js';
import { LocateResolver, PluginCanLocateResolver } from './admin.js';

export const locateLifecycle: MixinLifecycle = {
  name: 'locate',
  adminResolvers: [LocateResolver, PluginCanLocateResolver],
};
