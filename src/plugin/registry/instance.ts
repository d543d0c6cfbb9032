// The process-wide registry (exported to plugin authors from src/plugin/index.ts).
import { PluginRegistry } from './registry.js';

export const registry = new PluginRegistry();
