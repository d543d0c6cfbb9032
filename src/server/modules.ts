// The modules a full server runs, in start order. Plugin registry, events and worker add theirs here.
import type { AppConfig } from '../config.js';
import type { AppModule } from './app.js';
import { pluginModule } from '../plugin/registry/module.js';

export function appModules(_config: AppConfig): AppModule[] {
  return [pluginModule()];
}
