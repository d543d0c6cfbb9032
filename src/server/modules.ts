// The modules a full server runs, in start order (stopped in reverse).
// jobs → events → plugins (registers event consumers) → event dispatch (dispatches what is
// pending only once consumers are registered).
import type { AppConfig } from '../config.js';
import type { AppModule } from './app.js';
import { pluginModule } from '../plugin/registry/module.js';
import { jobsModule } from '../jobs/module.js';
import { eventDispatchModule, eventsModule } from '../events/module.js';

export function appModules(_config: AppConfig): AppModule[] {
  return [jobsModule(), eventsModule(), pluginModule(), eventDispatchModule()];
}
