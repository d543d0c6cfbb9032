// The plugin data API (`plugin.data`): the documented, typed way for plugin code to read and write
// core inventory data — in resolvers, event handlers, routes, scheduled tasks and actions. Each
// call runs on its own EntityManager fork, or on the request's when bound with withContext(ctx).
// Raw EntityManager access stays available only as the explicit danger zone below.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../../db/entities/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { PartsData, StockItemsData, TREES, TreeData } from './collections.js';
import { DataCalls, type DataRuntime, type DataScope } from './scope.js';

export class PluginData {
  /** Parts: `find({ category, search, active, trackable, limit, offset })`, `get`, `create`, `update`, `delete`. */
  readonly parts: PartsData;
  /** Part categories: `find({ parent, topLevel, search })`, `get`, `create`, `update`, `delete(id, { reparent })`. */
  readonly categories: TreeData;
  /** Stock locations: like categories. */
  readonly stockLocations: TreeData;
  /** Stock items: `find({ part, location, category, status, serial, batch })`, `get`, `create`, `update`, `adjust`, `delete`. */
  readonly stockItems: StockItemsData;
  readonly #runtime: () => DataRuntime;
  readonly #calls: DataCalls;

  constructor(runtime: () => DataRuntime, scope: DataScope = {}) {
    this.#runtime = runtime;
    this.#calls = new DataCalls(runtime, scope);
    this.parts = new PartsData(this.#calls);
    this.categories = new TreeData(this.#calls, TREES.categories);
    this.stockLocations = new TreeData(this.#calls, TREES.stockLocations);
    this.stockItems = new StockItemsData(this.#calls);
  }

  /**
   * The same API inside a GraphQL request: reads see the request's EntityManager, writes run in
   * its transaction scope and record `ctx.user` on their events.
   */
  withContext(ctx: GraphQLContext): PluginData {
    return new PluginData(this.#runtime, { ...this.#calls.scope, ctx });
  }

  /** The same API recording `user` (or nobody, with null) as who made the changes. */
  asUser(user: User | null): PluginData {
    return new PluginData(this.#runtime, { ...this.#calls.scope, user });
  }

  /**
   * DANGER ZONE: a raw MikroORM EntityManager (a new fork, or the request's with withContext).
   * Entities, tables and their columns are internal and change without notice; writes through it
   * skip validation, ValidationMixin plugins and events. Prefer the collections above.
   */
  dangerouslyGetEntityManager(): EntityManager {
    return this.#calls.em();
  }
}
