// InvenTree's global plugin switches (ENABLE_PLUGINS_GRAPHQL, _URL, _EVENTS, _SCHEDULE, _APP, _NAVIGATION,
// _INTERFACE), as the registry reads them. The reader is injected by the server (global settings, cached briefly);
// until then, and for switches that are not set, every switch reads as on.
import { MIXIN_ORDER } from '../mixins/order.js';

/** Reads a boolean global setting; undefined = not set. `fresh` skips any cache. */
export type GlobalFlagReader = (key: string, options: { fresh: boolean }) => Promise<boolean | undefined>;

/** The global switches of mixins that contribute to schema composition. */
const SCHEMA_SWITCH_KEYS: readonly string[] = MIXIN_ORDER.flatMap((m) =>
  m.contribute && m.globalSwitch ? [m.globalSwitch] : [],
);

export class GlobalSwitches {
  #reader: GlobalFlagReader | undefined;

  setReader(reader: GlobalFlagReader | undefined): void {
    this.#reader = reader;
  }

  /** Whether the switch is on (cached read). */
  async isOn(key: string): Promise<boolean> {
    return (await this.#reader?.(key, { fresh: false })) ?? true;
  }

  /** Whether the switch is on, read past any cache (before a decision that must be current). */
  async isOnNow(key: string): Promise<boolean> {
    return (await this.#reader?.(key, { fresh: true })) ?? true;
  }

  /**
   * The switches that shape the schema (those of mixins that contribute to composition), read
   * fresh: switch → on. Part of what an active set composes to.
   */
  async schemaSwitches(): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    // One read past the cache is enough: it reloads every setting, so the others come from it.
    let fresh = true;
    for (const key of SCHEMA_SWITCH_KEYS) {
      out.set(key, (await this.#reader?.(key, { fresh })) ?? true);
      fresh = false;
    }
    return out;
  }

  /** Whether changing this global setting changes the schema (no database read). */
  shapesSchema(key: string): boolean {
    return SCHEMA_SWITCH_KEYS.includes(key);
  }
}
