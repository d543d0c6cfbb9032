// ValidationMixin at run time: installs the plugin-backed inventory validators on the server's
// services at setup (they ask whatever ValidationMixin plugins are active at the time of each
// write, so attach/detach need nothing) and removes them at teardown. No global switch
// (InvenTree has none for validation).
import type { MixinLifecycle } from '../lifecycle.js';
import { NextCodeResolver } from './admin.js';
import { pluginValidators } from './validators.js';

export const validationLifecycle: MixinLifecycle = {
  name: 'validation',
  adminResolvers: [NextCodeResolver],
  setup(host) {
    host.services.inventoryValidators = pluginValidators(host.plugins);
  },
  teardown(host) {
    delete host.services.inventoryValidators;
  },
};
