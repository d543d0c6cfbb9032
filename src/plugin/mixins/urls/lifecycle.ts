// UrlsMixin at run time: one route handler per server process serves /plugin/<slug>/ for whichever
// plugins are active at request time, so attach/detach have nothing to do.
import type { MixinLifecycle } from '../lifecycle.js';
import { pluginRouteHandler } from './serve-routes.js';

export const urlsLifecycle: MixinLifecycle = {
  name: 'urls',
  globalSwitch: 'ENABLE_PLUGINS_URL',
  setup(host) {
    host.mountRoute(pluginRouteHandler(host));
  },
};
