// Which icon packs the active plugins serve: plugins are asked in key order and the first to claim
// a prefix keeps it; a later plugin's pack with the same prefix is left out with a problem that
// names both plugins (so the answer depends only on the active set, not on toggle order). A plugin
// whose packs cannot be read is left out whole. Pure apart from calling the plugins.
import type { InvenTreePlugin } from '../../plugin.js';
import { iconPacksOf, type IconPack } from './mixin.js';

export interface ServedPack extends IconPack {
  pluginKey: string;
}

export interface IconPackProblem {
  pluginKey: string;
  message: string;
}

/** `plugins`: the active ones with IconPackMixin (asked in key order whatever order they come in). */
export function servedIconPacks(plugins: readonly InvenTreePlugin[]): {
  packs: ServedPack[];
  problems: IconPackProblem[];
} {
  const owner = new Map<string, string>();
  const packs: ServedPack[] = [];
  const problems: IconPackProblem[] = [];
  const inKeyOrder = [...plugins].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const plugin of inKeyOrder) {
    let own: IconPack[];
    try {
      own = iconPacksOf(plugin);
    } catch (e) {
      problems.push({ pluginKey: plugin.key, message: `icon packs left out: ${(e as Error).message}` });
      continue;
    }
    for (const pack of own) {
      const first = owner.get(pack.prefix);
      if (first !== undefined) {
        problems.push({
          pluginKey: plugin.key,
          message: `icon pack prefix "${pack.prefix}" of plugin '${plugin.key}' is already used by plugin '${first}'; the pack is left out`,
        });
        continue;
      }
      owner.set(pack.prefix, plugin.key);
      packs.push({ pluginKey: plugin.key, ...pack });
    }
  }
  return { packs, problems };
}
