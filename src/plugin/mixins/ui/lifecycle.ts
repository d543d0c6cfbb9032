// UserInterfaceMixin at run time: nothing to start or stop; `uiPanels` asks the active plugins per
// request (admin.ts), so panels appear and disappear with a toggle. Their pages are UrlsMixin routes.
import type { MixinLifecycle } from '../lifecycle.js';
import { UiPanelsResolver } from './admin.js';

export const uiLifecycle: MixinLifecycle = {
  name: 'ui',
  adminResolvers: [UiPanelsResolver],
};
