// SettingsMixin at run time: settings are read from Postgres on demand (getSetting), so starting or
// stopping a plugin changes nothing; the mixin adds the staff API for plugin settings.
import type { MixinLifecycle } from '../lifecycle.js';
import { PluginSettingMutationResolver, PluginSettingsResolver } from './admin.js';

export const settingsLifecycle: MixinLifecycle = {
  name: 'settings',
  adminResolvers: [PluginSettingsResolver, PluginSettingMutationResolver],
};
