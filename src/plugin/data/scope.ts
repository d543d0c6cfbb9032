// Where a data API call runs: on a fresh EntityManager fork per call (outside a request), or on
// the request's EntityManager when bound to a GraphQLContext. Writes run in one transaction with
// the server's inventory validators bound (ValidationMixin plugins), exactly as the GraphQL
// mutations do (src/inventory/mutation.ts), and constraint races become the same BAD_USER_INPUT.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../../db/entities/index.js';
import type { MikroORM } from '../../db/orm.js';
import type { AppServices, GraphQLContext } from '../../graphql/context.js';
import { translateDbError } from '../../inventory/db-errors.js';
import { bindValidators } from '../../inventory/validators.js';

/** What the data API needs of the server: its database and services (validators). */
export interface DataRuntime {
  orm: MikroORM;
  /** The server's services; absent outside a server (then no ValidationMixin plugin runs). */
  services?: AppServices;
}

export interface DataScope {
  /** A request: its EntityManager, its user and its server's validators are used. */
  ctx?: GraphQLContext;
  /** Recorded as the user of the events a write raises (default: the request's user, else none). */
  user?: User | null;
}

export class DataCalls {
  constructor(
    private readonly runtime: () => DataRuntime,
    readonly scope: DataScope,
  ) {}

  get user(): User | null {
    return this.scope.user !== undefined ? this.scope.user : (this.scope.ctx?.user ?? null);
  }

  /** The request's EntityManager, or a new fork. */
  em(): EntityManager {
    return this.scope.ctx?.em ?? (this.runtime().orm.em.fork() as EntityManager);
  }

  async read<T>(body: (em: EntityManager) => Promise<T>): Promise<T> {
    return body(this.em());
  }

  /** One transaction, validators bound, database constraint errors translated. */
  async write<T>(body: (em: EntityManager, user: User | null) => Promise<T>): Promise<T> {
    const validators = this.scope.ctx?.app.inventoryValidators ?? this.runtime().services?.inventoryValidators;
    const user = this.user;
    try {
      return await this.em().transactional((em) => {
        bindValidators(em, validators);
        return body(em, user);
      });
    } catch (e) {
      throw translateDbError(e);
    }
  }
}
