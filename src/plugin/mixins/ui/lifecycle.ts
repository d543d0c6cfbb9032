// UserInterfaceMixin at run time: nothing to start or stop; `uiPanels` asks the active plugins per
// request (admin.ts), so panels appear and disappear with a toggle or with the global switch
// ENABLE_PLUGINS_INTERFACE. Their pages are UrlsMixin routes.
import type { MixinLifecycle } from '../lifecycle.js';
import { INTERFACE_SWITCH, UiPanelsResolver } from './admin.js';

export const uiLifecycle: MixinLifecycle = {
  name: 'ui',
  globalSwitch: INTERFACE_SWITCH,
  adminResolvers: [UiPanelsResolver],
};
