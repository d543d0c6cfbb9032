// Assembles the server: database, ORM, schema, Apollo, HTTP and WebSocket, plus the modules
// that later pieces (plugin registry, events, worker) plug in. Used by `npm start` and tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { authenticate } from '../auth/authenticate.js';
import { ensureAdmin } from '../auth/bootstrap.js';
import type { AppConfig } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { migrate, openOrm, type MikroORM } from '../db/orm.js';
import { queryScope } from '../db/query-counter.js';
import { buildCoreSchema } from '../graphql/core-schema.js';
import { createContext, type AppServices, type GraphQLContext } from '../graphql/context.js';
import { logger } from '../log.js';
import { createApollo } from './apollo.js';
import { createHttpHandler, type RouteHandler } from './http.js';
import { queryLimits } from './limits.js';
import { SchemaHolder } from './schema-holder.js';
import { attachWebSocket, type WsHandle } from './ws.js';
import type { EntityManager } from '@mikro-orm/postgresql';

const log = logger('app');

/** A piece of the server with its own start/stop (plugin registry, event dispatcher, worker...). */
export interface AppModule {
  name: string;
  /** Runs after migrations, before the first schema build. */
  start(app: App): Promise<void>;
  /** Runs in reverse order at shutdown, after HTTP has drained. */
  stop?(app: App): Promise<void>;
}

export interface CreateAppOptions {
  modules?: AppModule[];
  /** Builds the schema to serve; defaults to the core schema (the plugin registry replaces it). */
  buildSchema?: () => Promise<GraphQLSchema>;
}

export class App {
  readonly holder = new SchemaHolder();
  readonly routes: RouteHandler[] = [];
  services!: AppServices;
  orm!: MikroORM;
  httpServer!: http.Server;
  apollo!: ApolloServer<GraphQLContext>;
  /** Replaced by the plugin registry so every build includes active plugins. */
  buildSchema: () => Promise<GraphQLSchema>;
  #db: EmbeddedDatabase | undefined;
  #ws: WsHandle | undefined;
  #inFlight = 0;
  #drained: (() => void) | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly config: AppConfig,
    private readonly options: CreateAppOptions = {},
  ) {
    this.buildSchema = options.buildSchema ?? buildCoreSchema;
  }

  get port(): number {
    return (this.httpServer.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get databaseUrl(): string {
    return this.config.databaseUrl ?? this.#db!.url;
  }

  /** Builds with the current builder and swaps the result in; returns the build time. */
  async rebuildSchema(): Promise<number> {
    const t0 = performance.now();
    const schema = await this.buildSchema();
    const ms = performance.now() - t0;
    this.holder.swap(schema, ms);
    return ms;
  }

  /** A request context outside HTTP (CLI-like jobs, tests, event handlers). */
  context(auth: Pick<GraphQLContext, 'user' | 'token'> = { user: null, token: null }, em?: EntityManager): GraphQLContext {
    return createContext(this.services, auth, { count: 0 }, em);
  }

  async start(): Promise<void> {
    const cfg = this.config;
    let url = cfg.databaseUrl;
    if (!url) {
      this.#db = await startEmbeddedPostgres(cfg.dataDir, cfg.embeddedPgPort);
      url = this.#db.url;
    }
    try {
      this.orm = await openOrm(url);
      await migrate(this.orm);
      this.services = { config: cfg, orm: this.orm, schema: this.holder };
      if (cfg.adminUsername && cfg.adminPassword) {
        await ensureAdmin(this.orm.em.fork() as EntityManager, cfg.adminUsername, cfg.adminPassword);
      }
      for (const m of this.options.modules ?? []) {
        log.debug(`starting module ${m.name}`);
        await m.start(this);
      }
      if (!this.holder.ready) await this.rebuildSchema();

      this.apollo = createApollo({ holder: this.holder, limits: queryLimits(cfg), maxSqlPerRequest: cfg.maxSqlPerRequest });
      await this.apollo.start();
      const handler = createHttpHandler({
        apollo: this.apollo,
        maxBodyBytes: cfg.maxBodyBytes,
        routes: this.routes,
        runInScope: (fn) => queryScope.run({ count: 0 }, fn),
        context: async (req) => {
          const queries = queryScope.getStore() ?? { count: 0 };
          const em = this.orm.em.fork() as EntityManager;
          const auth = await authenticate(em, req.headers.authorization);
          return createContext(this.services, auth, queries, em);
        },
        health: () => ({ schemaHash: this.holder.current.hash }),
      });
      this.httpServer = http.createServer((req, res) => {
        this.#inFlight++;
        res.on('close', () => {
          this.#inFlight--;
          if (this.#inFlight === 0) this.#drained?.();
        });
        void handler(req, res);
      });
      this.#ws = attachWebSocket({
        server: this.httpServer,
        path: '/graphql',
        holder: this.holder,
        limits: queryLimits(cfg),
        authenticate: (header) => authenticate(this.orm.em.fork() as EntityManager, header),
        context: (auth) => createContext(this.services, auth, { count: 0 }),
      });
      await new Promise<void>((resolve, reject) => {
        this.httpServer.once('error', reject);
        this.httpServer.listen(cfg.port, cfg.host, () => resolve());
      });
      this.#started = true;
    } catch (e) {
      await this.#teardown();
      throw e;
    }
  }

  /** Graceful stop: refuse new connections, drain in-flight requests, close sockets, then the DB. */
  stop(drainMs = 10_000): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#started) {
        log.info('shutting down: draining in-flight requests');
        const closed = new Promise<void>((r) => this.httpServer.close(() => r()));
        this.httpServer.closeIdleConnections();
        await this.#ws?.close();
        if (this.#inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((r) => (this.#drained = r)),
            new Promise<void>((r) => (timer = setTimeout(r, drainMs))),
          ]);
          clearTimeout(timer);
        }
        this.httpServer.closeAllConnections();
        await closed;
        await this.apollo.stop();
      }
      await this.#teardown();
      log.info('stopped');
    })();
    return this.#stopping;
  }

  async #teardown(): Promise<void> {
    for (const m of [...(this.options.modules ?? [])].reverse()) {
      try {
        await m.stop?.(this);
      } catch (e) {
        log.error(`module ${m.name} failed to stop`, e);
      }
    }
    await this.orm?.close().catch((e) => log.error('closing ORM failed', e));
    await this.#db?.stop();
  }
}
