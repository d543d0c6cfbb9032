// What the registry's helper modules (prepare.ts, toggle.ts, previews.ts) may read from the
// started registry. What must stay true: helpers never change the registry's state; they write
// rows, run prepare hooks and return plans, and only the registry applies a plan (in its serial
// queue), so there is one writer of what runs in this process.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '../../db/orm.js';
import type { InvenTreePlugin } from '../plugin.js';
import type { PluginCatalog } from './catalog.js';
import type { ConfigRow } from './config-store.js';
import type { GraceWindow } from './grace.js';
import type { Planner } from './planner.js';
import type { ProblemStore } from './problems.js';

export interface RegistryInternals {
  readonly catalog: PluginCatalog;
  readonly problems: ProblemStore;
  readonly planner: Planner;
  /** Identifies this process's NOTIFYs. */
  readonly origin: string;
  orm(): MikroORM;
  /** A fresh EntityManager fork. */
  fork(): EntityManager;
  /** What runs in this process now. */
  running(): ReadonlyMap<string, InvenTreePlugin>;
  /** The signature of what runs here (planner.ts signatureOf). */
  runningSig(): string | null;
  /** The active keys of the rows plus the mandatory plugins. */
  targetFromRows(rows: ConfigRow[]): string[];
  /** Plugins outside `target` still in their deprecation grace (`justDisabled`: a preview). */
  graced(target: Iterable<string>, em?: EntityManager, justDisabled?: string): Promise<Map<string, GraceWindow>>;
  /** The schema the running set composed to (undefined before the first apply). */
  servedSchema(): GraphQLSchema | undefined;
}
