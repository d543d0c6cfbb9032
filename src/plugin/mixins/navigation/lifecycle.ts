// NavigationMixin at run time: nothing to start or stop; `uiNavigation` reads the active plugins
// per request (admin.ts), so entries appear and disappear with a toggle.
import type { MixinLifecycle } from '../lifecycle.js';
import { PluginNavigationResolver, UiNavigationResolver } from './admin.js';

export const navigationLifecycle: MixinLifecycle = {
  name: 'navigation',
  adminResolvers: [UiNavigationResolver, PluginNavigationResolver],
};
