// The AppModule that runs the plugin registry inside a server: discovery and PluginConfig sync
// at start, the plugin-aware schema builder, plugin URL routes, and cross-process updates.
import type { AppModule } from '../../server/app.js';
import { registry as defaultRegistry } from './instance.js';
import type { PluginRegistry } from './registry.js';
import { mountPluginRoutes } from './routes.js';
import { connectPluginEvents, PluginScheduler } from './integrations.js';
import { GlobalSettingsCache } from '../../settings/global-cache.js';

declare module '../../graphql/context.js' {
  interface AppServices {
    /** The plugin registry of this server (absent when the plugin module is not running). */
    plugins?: PluginRegistry;
    /** Global settings (ENABLE_PLUGINS_*), cached briefly. */
    globalSettings?: GlobalSettingsCache;
  }
}

export function pluginModule(registry: PluginRegistry = defaultRegistry): AppModule {
  let disconnectEvents: (() => void) | undefined;
  let scheduler: PluginScheduler | undefined;
  return {
    name: 'plugins',
    async start(app) {
      app.services.plugins = registry;
      const globals = new GlobalSettingsCache(app.orm);
      app.services.globalSettings = globals;
      registry.setGlobalFlagReader(async (key, fresh) => {
        if (fresh) globals.invalidate();
        return globals.flag(key);
      });
      app.services.onGlobalSettingChanged = async (key) => {
        globals.invalidate();
        // The GraphQL switch changes the schema: rebuild here, and tell other processes.
        if (key === 'ENABLE_PLUGINS_GRAPHQL') await registry.settingsChanged();
      };
      // Before start: plugins activated at start register their event consumers too.
      disconnectEvents = connectPluginEvents(registry, app);
      await registry.start({ config: app.config, orm: app.orm, app });
      mountPluginRoutes(app, registry);
      scheduler = new PluginScheduler(registry, app);
      await scheduler.start();
    },
    async stop() {
      scheduler?.stop();
      disconnectEvents?.();
      await registry.stop();
    },
  };
}
