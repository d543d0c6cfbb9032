// Shared helpers for the events and jobs tests.
import type { AppConfig } from '../src/config.js';
import type { EventsService } from '../src/events/service.js';
import type { AppModule } from '../src/server/app.js';
import { appModules } from '../src/main/modules.js';

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The normal module list plus a module that runs `register` with `app.services.events` just
 * before event dispatch starts (where the plugin registry registers its consumers).
 */
export function modulesWithConsumers(register: (events: EventsService) => void): (config: AppConfig) => AppModule[] {
  return (config) => {
    const modules = appModules(config);
    const at = modules.findIndex((m) => m.name === 'event-dispatch');
    if (at < 0) throw new Error('event-dispatch module missing');
    modules.splice(at, 0, { name: 'test-consumers', start: async (app) => register(app.services.events!) });
    return modules;
  };
}

/** Fast job polling so retries are picked up quickly. */
export const FAST_JOBS = { JOBS_POLL_SECONDS: '0.5' };
