// IconPackMixin at run time: packs are read per request (admin.ts). When a plugin starts, a prefix
// it shares with another active plugin is recorded at once (on the plugin whose key sorts later,
// whose pack is the one left out), rather than on the first query.
import type { MixinLifecycle } from '../lifecycle.js';
import { IconPacksResolver, PluginIconPacksResolver } from './admin.js';
import { servedIconPacks } from './served.js';

export const iconpackLifecycle: MixinLifecycle = {
  name: 'iconpack',
  adminResolvers: [IconPacksResolver, PluginIconPacksResolver],
  attach(plugin, host) {
    const { problems } = servedIconPacks(host.plugins.withMixin('iconpack'));
    for (const p of problems)
      if (p.message.includes(`'${plugin.key}'`)) host.reportError(p.pluginKey, 'activation', p.message);
  },
};
