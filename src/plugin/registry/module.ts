// The AppModule that runs the plugin registry inside a server: discovery and PluginConfig sync
// at start, the plugin-aware schema builder, plugin URL routes, and cross-process updates.
import type { AppModule } from '../../server/app.js';
import { registry as defaultRegistry } from './instance.js';
import type { PluginRegistry } from './registry.js';
import { mountPluginRoutes } from './routes.js';

declare module '../../graphql/context.js' {
  interface AppServices {
    /** The plugin registry of this server (absent when the plugin module is not running). */
    plugins?: PluginRegistry;
  }
}

export function pluginModule(registry: PluginRegistry = defaultRegistry): AppModule {
  return {
    name: 'plugins',
    async start(app) {
      app.services.plugins = registry;
      await registry.start({ config: app.config, orm: app.orm, app });
      mountPluginRoutes(app, registry);
    },
    async stop() {
      await registry.stop();
    },
  };
}
