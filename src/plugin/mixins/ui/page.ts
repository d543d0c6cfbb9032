// Helpers for the pages a UserInterfaceMixin plugin serves from its UrlsMixin routes: the panel
// page loads inside the app's sandboxed iframe, so it is sent as HTML with its own strict
// Content-Security-Policy (no scripts unless the plugin opts in, no external resources, framed
// only by this server's pages) and escaped text.
import type { ServerResponse } from 'node:http';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The policy sent with panel pages by default: nothing external, inline styles only, images from
 * this server or data: URLs, framed only by this server's own pages.
 */
export const PANEL_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

export interface PanelPageOptions {
  /** HTTP status (default 200). */
  status?: number;
  /** Replaces PANEL_PAGE_CSP (e.g. to allow a script the plugin serves itself: add "script-src 'self'"). */
  contentSecurityPolicy?: string;
}

/** Sends `html` as a complete HTML response (return nothing from the route handler afterwards). */
export function sendPanelPage(res: ServerResponse, html: string, options: PanelPageOptions = {}): void {
  res
    .writeHead(options.status ?? 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': options.contentSecurityPolicy ?? PANEL_PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    .end(html);
}
