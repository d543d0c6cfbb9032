// SettingsMixin (InvenTree's SettingsMixin): a plugin declares SETTINGS; staff edit them with
// updatePluginSetting (admin.ts); plugin code reads typed values with getSetting and writes with setSetting.
import type { EntityManager } from '@mikro-orm/postgresql';
import { definitionProblems, type SettingDefinitions, type SettingValue } from '../../../settings/definitions.js';
import { effectiveValue, prepareValue, readPluginSettings, writePluginSetting } from '../../../settings/store.js';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { runtimeOf } from '../../runtime.js';
import { registerMixin, type PluginClass } from '../declare.js';

interface SettingsStatics {
  SETTINGS?: SettingDefinitions;
}

/** The SETTINGS a plugin class declares ({} without the mixin). */
export function settingsOf(cls: object): SettingDefinitions {
  return (cls as SettingsStatics).SETTINGS ?? {};
}

// Not a #private method: declaration emit (sdk/) cannot describe private members of the
// anonymous class a mixin factory returns.
function definitionOf(plugin: InvenTreePlugin, key: string) {
  const def = settingsOf(plugin.constructor)[key];
  if (!def) throw new MixinImplementationError(`plugin "${plugin.key}" has no setting "${key}"`);
  return def;
}

function settingsProblems(cls: object): string[] {
  const defs = settingsOf(cls);
  const problems = definitionProblems(defs);
  if (!problems.length && !Object.keys(defs).length) problems.push('SETTINGS is empty');
  return problems;
}

/**
 * `class P extends SettingsMixin(InvenTreePlugin) { static SETTINGS = { API_KEY: { name: 'API key', protected: true } } }`
 * then `await this.getSetting('API_KEY')`.
 */
export function SettingsMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class Settings extends Base {
    static SETTINGS: SettingDefinitions = {};

    /** The typed value of a setting: stored, else its default, else null. */
    async getSetting(key: string): Promise<SettingValue> {
      const def = definitionOf(this, key);
      const stored = await readPluginSettings(runtimeOf(this).orm.em.fork() as EntityManager, this.key);
      return effectiveValue(def, stored.get(key));
    }

    /** Every setting's typed value. */
    async getSettings(): Promise<Record<string, SettingValue>> {
      const stored = await readPluginSettings(runtimeOf(this).orm.em.fork() as EntityManager, this.key);
      return Object.fromEntries(
        Object.entries(settingsOf(this.constructor)).map(([k, def]) => [k, effectiveValue(def, stored.get(k))]),
      );
    }

    /** Validates and stores a value (null clears it); throws SettingValidationError naming the setting. */
    async setSetting(key: string, value: SettingValue): Promise<void> {
      const def = definitionOf(this, key);
      const em = runtimeOf(this).orm.em.fork() as EntityManager;
      await writePluginSetting(em, this.key, key, await prepareValue(em, key, def, value), null);
    }
  }
  registerMixin(Settings, {
    name: 'settings',
    humanName: 'Settings',
    validate(plugin: InvenTreePlugin) {
      const problems = settingsProblems(plugin.constructor);
      if (problems.length)
        throw new MixinImplementationError(`plugin '${plugin.key}' (SettingsMixin): ${problems.join('; ')}`);
    },
    // The SETTINGS table is static data: checked at discovery, so a bad one shows at once.
    validateClass(cls) {
      const problems = settingsProblems(cls);
      if (problems.length) throw new MixinImplementationError(`SettingsMixin: ${problems.join('; ')}`);
    },
  });
  return Settings;
}
