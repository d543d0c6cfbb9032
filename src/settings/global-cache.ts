// Global settings read on hot paths (each plugin route request, each event dispatch) come from
// a short-lived cache: a change made in this process applies at once, one made by another
// process within CACHE_MS.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '../db/orm.js';
import type { SettingValue } from './definitions.js';
import { GLOBAL_SETTINGS } from './global.js';
import { effectiveValue, readGlobalSettings, type StoredSetting } from './store.js';

const CACHE_MS = 1000;

export class GlobalSettingsCache {
  #values: Map<string, StoredSetting> | undefined;
  #loadedAt = 0;
  #loading: Promise<Map<string, StoredSetting>> | undefined;

  constructor(private readonly orm: MikroORM) {}

  invalidate(): void {
    this.#values = undefined;
  }

  async #current(): Promise<Map<string, StoredSetting>> {
    if (this.#values && Date.now() - this.#loadedAt < CACHE_MS) return this.#values;
    this.#loading ??= readGlobalSettings(this.orm.em.fork() as EntityManager)
      .then((v) => {
        this.#values = v;
        this.#loadedAt = Date.now();
        return v;
      })
      .finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async get(key: string): Promise<SettingValue> {
    const def = GLOBAL_SETTINGS[key];
    if (!def) throw new Error(`unknown global setting ${key}`);
    return effectiveValue(def, (await this.#current()).get(key));
  }

  async flag(key: string): Promise<boolean | undefined> {
    if (!GLOBAL_SETTINGS[key]) return undefined;
    return (await this.get(key)) === true;
  }
}
