// Live plugin changes: one subscription to plugin.* events per session. Each event (from this or
// another staff member, this or another server process) bumps `pluginEpoch`; pages that show
// plugin state, panels or navigation re-query when it changes — no page reload.
import { forgetSchema, subscribe } from './api.js';
import { session } from './session.js';
import { store } from './store.js';

export const pluginEpoch = store(0);

export function bumpPlugins(): void {
  forgetSchema();
  pluginEpoch.set(pluginEpoch.get() + 1);
}

let stop: (() => void) | null = null;

function follow(token: string | null): void {
  stop?.();
  stop = null;
  if (!token) return;
  stop = subscribe('subscription { events(names: ["plugin.*"]) { id name instanceId } }', {}, () => bumpPlugins());
}

follow(session.get().token);
session.subscribe((s) => follow(s.token));
