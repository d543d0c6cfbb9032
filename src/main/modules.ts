// The composition root: the modules a full server runs, in start order (stopped in reverse), and
// the base schema they serve. The only place (with the CLI) that wires the plugin framework into
// the server; the layers below never import src/plugin/.
// jobs → events → plugins (registers event consumers) → event dispatch (dispatches what is
// pending only once consumers are registered).
import type { AppConfig } from '../config.js';
import { eventDispatchModule, eventsModule } from '../events/module.js';
import { baseSdl } from '../graphql/sdl.js';
import { jobsModule } from '../jobs/module.js';
import { pluginModule } from '../plugin/registry/server-module.js';
import type { AppModule } from '../server/app.js';

export function appModules(_config: AppConfig): AppModule[] {
  return [jobsModule(), eventsModule(), pluginModule(), eventDispatchModule()];
}

/** The SDL of the base schema a full server serves with no plugin active (schema/schema.graphql). */
export function baseSchemaSdl(config: AppConfig): Promise<string> {
  return baseSdl(appModules(config).flatMap((m) => m.resolvers ?? []));
}
