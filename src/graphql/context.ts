// What every resolver receives. AppServices is extended by later modules through
// declaration merging (`declare module '.../graphql/context.js' { interface AppServices {...} }`).
import type DataLoader from 'dataloader';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import type { ApiToken, User } from '../db/entities/index.js';
import type { QueryCount } from '../db/query-counter.js';
import type { ExecutorStats } from '../server/executor/compiled-executor.js';
import type { SchemaHolder } from '../server/schema-holder.js';

export interface AppServices {
  config: AppConfig;
  orm: MikroORM;
  schema: SchemaHolder;
  /** The HTTP operation executor's counters (set once Apollo is created). */
  executorStats?: () => ExecutorStats;
}

export interface GraphQLContext {
  /** A request-scoped EntityManager fork. */
  em: EntityManager;
  user: User | null;
  token: ApiToken | null;
  app: AppServices;
  /** SQL statements issued so far by this request. */
  queries: QueryCount;
  /** Per-request DataLoader cache: `loader('part', () => new DataLoader(...))`. */
  loader<K, V>(name: string, make: () => DataLoader<K, V>): DataLoader<K, V>;
}

export function createContext(
  app: AppServices,
  auth: { user: User | null; token: ApiToken | null },
  queries: QueryCount,
  em?: EntityManager,
): GraphQLContext {
  const loaders = new Map<string, unknown>();
  return {
    em: em ?? (app.orm.em.fork() as EntityManager),
    user: auth.user,
    token: auth.token,
    app,
    queries,
    loader<K, V>(name: string, make: () => DataLoader<K, V>): DataLoader<K, V> {
      let l = loaders.get(name) as DataLoader<K, V> | undefined;
      if (!l) {
        l = make();
        loaders.set(name, l);
      }
      return l;
    },
  };
}
