// UserInterfaceMixin (InvenTree's UserInterfaceMixin): a plugin contributes panels to the pages of
// parts, part categories, stock items and stock locations, and items to the dashboard. Each panel
// is a page the plugin serves itself under /plugin/<slug>/ (UrlsMixin, a public GET route), which
// the web app shows in a sandboxed iframe; the plugin never runs code inside the app. The methods
// get a narrow context (target, id, user) and answer plain objects, checked on every query
// (features.ts): a plugin that throws or answers badly loses only its own panels.
import type { PluginClass } from '../declare.js';
import { registerMixin } from '../declare.js';

/** Where panels go: the dashboard, or the detail page of one kind of object (GraphQL enum UiTarget). */
export const UI_TARGETS = ['DASHBOARD', 'PART', 'PART_CATEGORY', 'STOCK_ITEM', 'STOCK_LOCATION'] as const;
export type UiTarget = (typeof UI_TARGETS)[number];

/** What a plugin is told when asked for its panels (nothing more: no database, no token). */
export interface UiContext {
  target: UiTarget;
  /** The object's id on a detail page (digits, as text); null on the dashboard or a list. */
  id: string | null;
  user: { id: string; username: string; isStaff: boolean; isSuperuser: boolean };
}

/** A panel or dashboard item as a plugin answers it (InvenTree's UIFeature). */
export interface UiFeature {
  /** Unique among this plugin's answers, e.g. 'stock-chart' (letters, digits, '.', '_', '-'). */
  key: string;
  title: string;
  /** An icon id, e.g. 'uisample:star'. */
  icon?: string | null;
  /**
   * The page to show: 'panel' (= /plugin/<slug>/panel) or '/plugin/<slug>/panel', served by one
   * of the plugin's public GET routes. The app adds ?target=<target>&id=<id> when absent.
   */
  source: string;
  /** Suggested height in CSS pixels (1..4000). */
  height?: number | null;
}

export type UiAnswer = readonly UiFeature[] | null | undefined;

/**
 * ```ts
 * class Charts extends UserInterfaceMixin(UrlsMixin(InvenTreePlugin)) {
 *   static URLS = [{ path: 'chart', access: 'public', handler: ({ res, url }) => sendPanelPage(res, '<p>…</p>') }];
 *   getUiPanels({ target }) { return target === 'PART' ? [{ key: 'chart', title: 'Chart', source: 'chart' }] : []; }
 * }
 * ```
 */
export function UserInterfaceMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class UserInterface extends Base {
    /** Panels for a detail page (InvenTree's get_ui_panels). Default: none. */
    getUiPanels(_context: UiContext): UiAnswer | Promise<UiAnswer> {
      return [];
    }

    /** Items for the dashboard (InvenTree's get_ui_dashboard_items); context.target is 'DASHBOARD'. Default: none. */
    getUiDashboardItems(_context: UiContext): UiAnswer | Promise<UiAnswer> {
      return [];
    }
  }
  registerMixin(UserInterface, { name: 'ui', humanName: 'User interface' });
  return UserInterface;
}
