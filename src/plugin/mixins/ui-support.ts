// Shared by the UI mixins' queries (navigation, ui, iconpack). What they do when one plugin's contribution cannot be served (its method
// threw, timed out or answered something invalid): that plugin's part is left out, the rest is
// served, and the problem is recorded on the plugin (shown in `plugins { errors }`, logged once).
// A query runs often, so the same message is not recorded again while it is the plugin's latest.
import type { GraphQLContext } from '../../graphql/context.js';
import type { InvenTreePlugin } from '../plugin.js';
import { describeError } from '../registry/problems.js';

/** The active plugins declaring the mixin, in key order (the order their contributions are listed in). */
export function activeWithMixin(ctx: GraphQLContext, mixin: string): InvenTreePlugin[] {
  const plugins = (ctx.app.plugins?.activePlugins() ?? []).filter((p) => p.hasMixin(mixin));
  return plugins.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Whether a global switch (ENABLE_PLUGINS_NAVIGATION, _INTERFACE) lets the mixin's contributions be
 * served: the registry's cached read (a change applies within a second everywhere); on without one.
 */
export async function switchOn(ctx: GraphQLContext, key: string): Promise<boolean> {
  return (await ctx.app.plugins?.switches.isOn(key)) ?? true;
}

/** Records `message` on the plugin (stage "activation": it concerns the running plugin) unless already recorded. */
export function recordUiProblem(ctx: GraphQLContext, pluginKey: string, message: string): void {
  const registry = ctx.app.plugins;
  const record = registry?.record(pluginKey);
  if (!registry || !record) return;
  if (registry.errorsOf(record).some((e) => e.message === message)) return;
  registry.reportError(pluginKey, 'activation', message);
}

/** A thrown value as one line for the record. */
export function problemText(error: unknown): string {
  return describeError(error);
}

/** Rejects when `promise` has not settled within `ms` (a plugin that hangs must not hang the query). */
export function withTimeout<T>(promise: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}
