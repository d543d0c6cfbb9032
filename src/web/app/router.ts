// History-API routing: the server answers every browser GET with the app, which picks the page
// from location.pathname. Links inside the app navigate without a reload.
import { store } from './store.js';

export const route = store<string>(location.pathname + location.search);

export function navigate(to: string, replace = false): void {
  if (to === route.get()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  route.set(to);
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => route.set(location.pathname + location.search));

/** Matches "/parts/:id" against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('?')[0].split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function queryParams(): URLSearchParams {
  return new URLSearchParams(route.get().split('?')[1] ?? '');
}
