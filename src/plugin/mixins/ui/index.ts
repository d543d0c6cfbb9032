// UserInterfaceMixin: what plugin authors import (through partgraph/plugin/mixins).
export {
  UserInterfaceMixin,
  UI_TARGETS,
  type UiAnswer,
  type UiContext,
  type UiFeature,
  type UiTarget,
} from './mixin.js';
export { escapeHtml, PANEL_PAGE_CSP, sendPanelPage, type PanelPageOptions } from './page.js';
