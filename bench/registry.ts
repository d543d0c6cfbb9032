// Further benchmarks register here (schema composition, plugin toggles under load, ...).
import type { App } from '../src/server/app.js';

export interface Bench {
  name: string;
  run(app: App, token: string): Promise<string[]>;
}

export const benches: Bench[] = [];
