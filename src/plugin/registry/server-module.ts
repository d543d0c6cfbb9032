// The AppModule that runs the plugin registry inside a server. It is the one adapter between the
// App and the registry: it adds the plugin admin API to the base schema, injects the registry's
// schema builder, the schema swap and the global switches, and builds the host the mixins'
// run-time halves use (routes, events, jobs). The registry itself knows nothing of the App.
import type { AppModule } from '../../server/app.js';
import { GlobalSettingsCache } from '../../settings/global-cache.js';
import { pluginAdminResolvers } from '../admin/resolvers.js';
import { PluginInstaller } from '../install/installer.js';
import { installMissing } from '../install/startup.js';
import { registry as defaultRegistry } from './instance.js';
import type { PluginRegistry } from './registry.js';

declare module '../../graphql/context.js' {
  interface AppServices {
    /** The plugin registry of this server (absent when the plugin module is not running). */
    plugins?: PluginRegistry;
    /** Global settings (ENABLE_PLUGINS_*), cached briefly. */
    globalSettings?: GlobalSettingsCache;
  }
}

export function pluginModule(registry: PluginRegistry = defaultRegistry): AppModule {
  return {
    name: 'plugins',
    resolvers: pluginAdminResolvers,
    async start(app) {
      app.services.plugins = registry;
      const globals = new GlobalSettingsCache(app.orm);
      app.services.globalSettings = globals;
      registry.switches.setReader(async (key, { fresh }) => {
        if (fresh) globals.invalidate();
        return globals.flag(key);
      });
      app.services.onGlobalSettingChanged = async (key) => {
        globals.invalidate();
        // A switch that shapes the schema: rebuild here, and tell other processes.
        if (registry.switches.shapesSchema(key)) await registry.settingsChanged();
      };
      app.useSchemaBuilder(() => registry.buildSchema());
      app.services.pluginInstaller = new PluginInstaller(app.config, app.orm, registry);
      // Before discovery, so the packages installed now are found by it.
      if (app.config.pluginsEnabled && app.config.pluginsInstallOnStartup)
        await installMissing(app.config, app.orm, registry.origin);
      await registry.start({
        config: app.config,
        orm: app.orm,
        baseResolvers: app.baseResolvers,
        server: {
          databaseUrl: app.databaseUrl,
          services: app.services,
          swapSchema: (schema, ms, info) => {
            const state = app.holder.swap(schema, ms);
            if (info) app.services.schemaHistory?.record(state, info);
            return state;
          },
          mixinHost: (plugins, reportError) => ({
            config: app.config,
            orm: app.orm,
            services: app.services,
            plugins,
            mountRoute: (handler) => void app.routes.push(handler),
            isSwitchOn: (key) => registry.switches.isOn(key),
            reportError,
          }),
        },
      });
    },
    async stop() {
      await registry.stop();
    },
  };
}
