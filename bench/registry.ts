// Further benchmarks register here (schema composition, plugin toggles under load, ...).
import type { App } from '../src/server/app.js';

export interface Bench {
  name: string;
  run(app: App, token: string): Promise<string[]>;
}

// Imported lazily to keep this module free of cycles: compose.ts imports the Bench type from here.
export const benches: Bench[] = [
  (await import('./compose.js')).composeBench,
  (await import('./toggle.js')).toggleBench,
  (await import('./throughput.js')).throughputBench,
  (await import('./subscriptions.js')).subscriptionsBench,
];
