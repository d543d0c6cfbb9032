// ActionMixin at run time: nothing to start or stop; an action is looked up among the active
// plugins when it is called. The mixin adds `pluginAction` and `Plugin.actionName` (admin.ts).
import type { MixinLifecycle } from '../lifecycle.js';
import { PluginActionNameResolver, PluginActionResolver } from './admin.js';

export const actionLifecycle: MixinLifecycle = {
  name: 'action',
  adminResolvers: [PluginActionResolver, PluginActionNameResolver],
};
