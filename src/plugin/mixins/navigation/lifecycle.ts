// NavigationMixin at run time: nothing to start or stop; `uiNavigation` reads the active plugins
// per request (admin.ts), so entries appear and disappear with a toggle or with the global switch
// ENABLE_PLUGINS_NAVIGATION (read per request, cached for a second).
import type { MixinLifecycle } from '../lifecycle.js';
import { NAVIGATION_SWITCH, PluginNavigationResolver, UiNavigationResolver } from './admin.js';

export const navigationLifecycle: MixinLifecycle = {
  name: 'navigation',
  globalSwitch: NAVIGATION_SWITCH,
  adminResolvers: [UiNavigationResolver, PluginNavigationResolver],
};
