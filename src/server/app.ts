// Assembles the server: database, ORM, schema, Apollo, HTTP and WebSocket, plus the modules
// that later pieces (plugin registry, events, worker) plug in. Used by `npm start` and tests.
// Must stay true: stop() resolves within the drain time plus a short bounded teardown, even
// when resolvers hang (their connections are closed and their work is abandoned).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { authenticate } from '../auth/authenticate.js';
import { ensureAdmin } from '../auth/bootstrap.js';
import { LoginThrottle } from '../auth/throttle.js';
import { AuthRevocations } from '../auth/revocations.js';
import { TokenCache } from '../auth/token-cache.js';
import { deniedTokens } from '../auth/tokens.js';
import type { AppConfig } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { migrate, openOrm, type MikroORM } from '../db/orm.js';
import { queryScope } from '../db/query-counter.js';
import { buildTypeGraphQLSchema } from '../graphql/build.js';
import { coreResolvers, type ResolverClass } from '../graphql/core-schema.js';
import { createContext, type AppServices, type GraphQLContext } from '../graphql/context.js';
import { logger } from '../log.js';
import { createApollo } from './apollo.js';
import { OperationExecutor } from './executor/compiled-executor.js';
import { readinessProbe } from './health.js';
import { createHttpHandler, type RouteHandler } from './http.js';
import { queryLimits } from './limits.js';
import { SchemaHolder } from './schema-holder.js';
import { WebAssets } from './web-assets.js';
import { attachWebSocket, type WsHandle } from './ws.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SchemaHistory } from '../usage/history.js';
import { UsageRecorder } from '../usage/recorder.js';
import { schemaRoute } from '../usage/schema-route.js';
import '../usage/services.js';

const log = logger('app');

/** Each teardown step (module stop, ORM close) may take this long before it is left behind. */
const TEARDOWN_STEP_MS = 6000;
/** With abandoned requests still holding connections, closing the ORM pool cannot finish. */
const ABANDONED_CLOSE_MS = 500;

/** Waits for `work` at most `ms`; an overrunning step is logged and left to finish on its own. */
async function bounded(label: string, work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const overran = await Promise.race([
    work.then(
      () => false,
      (e: unknown) => {
        log.error(`${label} failed`, e);
        return false;
      },
    ),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), Math.max(ms, 0)))),
  ]);
  clearTimeout(timer);
  if (overran) log.warn(`${label} did not finish within ${Math.max(ms, 0)} ms; continuing shutdown without it`);
}

/** A piece of the server with its own start/stop (plugin registry, event dispatcher, worker...). */
export interface AppModule {
  name: string;
  /** Resolver classes this module adds to the base schema (always served, e.g. the plugin admin API). */
  resolvers?: readonly ResolverClass[];
  /** Runs after migrations, before the first schema build. */
  start(app: App): Promise<void>;
  /** Runs in reverse order at shutdown, after HTTP has drained. */
  stop?(app: App): Promise<void>;
}

export interface CreateAppOptions {
  modules?: AppModule[];
}

/** Builds the schema to serve (the plugin registry provides one that adds active plugins). */
export type SchemaBuilder = () => Promise<GraphQLSchema>;

export class App {
  readonly holder = new SchemaHolder();
  readonly routes: RouteHandler[] = [];
  services!: AppServices;
  orm!: MikroORM;
  httpServer!: http.Server;
  apollo!: ApolloServer<GraphQLContext>;
  /** Executes HTTP operations (graphql-jit or graphql-js, EXECUTOR); its cache is dropped on every swap. */
  executor!: OperationExecutor;
  /** The core resolvers plus those of the modules: the schema served when no plugin contributes. */
  readonly baseResolvers: readonly ResolverClass[];
  #buildSchema: SchemaBuilder;
  /** Revocation notices from every process (logout, deactivated users); see src/auth/revocations.ts. */
  authRevocations: AuthRevocations | undefined;
  /** Recent token look-ups (AUTH_TOKEN_CACHE_SECONDS), dropped on revocation notices. */
  tokenCache: TokenCache | undefined;
  #db: EmbeddedDatabase | undefined;
  #ws: WsHandle | undefined;
  #inFlight = 0;
  /** Request handlers not yet settled (a closed connection does not end a hung resolver). */
  #running = 0;
  #drained: (() => void) | undefined;
  #throttle: LoginThrottle | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly config: AppConfig,
    private readonly options: CreateAppOptions = {},
  ) {
    this.baseResolvers = [...coreResolvers, ...(options.modules ?? []).flatMap((m) => m.resolvers ?? [])];
    this.#buildSchema = () => this.buildBaseSchema();
  }

  /** The base schema (core + module resolvers), with no plugin contributions. */
  buildBaseSchema(): Promise<GraphQLSchema> {
    return buildTypeGraphQLSchema({ resolvers: [...this.baseResolvers] });
  }

  /** Injects the builder every later (re)build uses; a module calls it while starting. */
  useSchemaBuilder(build: SchemaBuilder): void {
    this.#buildSchema = build;
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
    const schema = await this.#buildSchema();
    const ms = performance.now() - t0;
    this.holder.swap(schema, ms);
    return ms;
  }

  /** A request context outside HTTP (CLI-like jobs, tests, event handlers). */
  context(
    auth: Pick<GraphQLContext, 'user' | 'token'> = { user: null, token: null },
    em?: EntityManager,
  ): GraphQLContext {
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
      this.#throttle = new LoginThrottle({
        databaseUrl: url,
        maxFailuresPerUser: cfg.loginMaxFailuresPerUser,
        maxFailuresPerIp: cfg.loginMaxFailuresPerIp,
        windowSeconds: cfg.loginFailureWindowSeconds,
        blockSeconds: cfg.loginBlockSeconds,
      });
      this.services = { config: cfg, orm: this.orm, schema: this.holder, loginThrottle: this.#throttle };
      this.services.schemaHistory = new SchemaHistory(this.orm);
      this.routes.push(schemaRoute(this.orm, this.services.schemaHistory));
      if (cfg.operationUsage) {
        this.services.usage = new UsageRecorder(this.orm, {
          flushMs: cfg.operationUsageFlushMs,
          maxOperations: cfg.operationUsageMaxOperations,
          retentionDays: cfg.operationUsageRetentionDays,
        });
        this.services.usage.start();
      }
      if (cfg.adminUsername && cfg.adminPassword) {
        await ensureAdmin(this.orm.em.fork() as EntityManager, cfg.adminUsername, cfg.adminPassword);
      }
      for (const m of this.options.modules ?? []) {
        log.debug(`starting module ${m.name}`);
        await m.start(this);
      }
      if (!this.holder.ready) await this.rebuildSchema();

      this.executor = new OperationExecutor(cfg.executor, cfg.compiledQueryCacheSize);
      // Dropped on every swap; entries are also checked against the request's schema object.
      this.holder.onSwap(() => this.executor.clear());
      this.services.executorStats = () => this.executor.stats;
      this.apollo = createApollo({
        holder: this.holder,
        limits: queryLimits(cfg),
        maxSqlPerRequest: cfg.maxSqlPerRequest,
        usage: this.services.usage,
        executor: this.executor,
      });
      await this.apollo.start();
      const handler = createHttpHandler({
        apollo: this.apollo,
        maxBodyBytes: cfg.maxBodyBytes,
        routes: this.routes,
        runInScope: (fn) => queryScope.run({ count: 0 }, fn),
        context: async (req) => {
          const queries = queryScope.getStore() ?? { count: 0 };
          const em = this.orm.em.fork() as EntityManager;
          // Signing in is not part of the operation: its SQL (none when cached) is not counted,
          // so identical requests report identical `sqlQueries`.
          const auth = await queryScope.run({ count: 0 }, () =>
            authenticate(em, req.headers.authorization, this.tokenCache),
          );
          return createContext(this.services, auth, queries, em);
        },
        trustProxyHops: cfg.trustProxyHops,
        web: new WebAssets(),
        ready: readinessProbe(() => {
          const jobs = this.services.jobs;
          return {
            database: () => this.orm.em.getConnection().execute('select 1'),
            ...(jobs ? { jobs: () => jobs.ping() } : {}),
          };
        }, cfg.healthCheckTimeoutMs),
      });
      this.httpServer = http.createServer((req, res) => {
        this.#inFlight++;
        res.on('close', () => {
          this.#inFlight--;
          if (this.#inFlight === 0) this.#drained?.();
        });
        this.#running++;
        void handler(req, res).finally(() => this.#running--);
      });
      const revocations = new AuthRevocations(url);
      this.authRevocations = revocations;
      await revocations.start();
      this.tokenCache = new TokenCache(cfg.authTokenCacheSeconds * 1000, () => revocations.listening);
      this.tokenCache.follow(revocations);
      this.#ws = attachWebSocket({
        server: this.httpServer,
        path: '/graphql',
        holder: this.holder,
        queryLimits: queryLimits(cfg),
        maxSqlPerRequest: cfg.maxSqlPerRequest,
        limits: {
          maxMessageBytes: cfg.wsMaxMessageBytes,
          connectionInitTimeoutMs: cfg.wsConnectionInitTimeoutMs,
          maxSubscriptionsPerSocket: cfg.wsMaxSubscriptionsPerSocket,
          maxSocketsPerUser: cfg.wsMaxSocketsPerUser,
          sessionRecheckMs: cfg.wsSessionRecheckSeconds * 1000,
        },
        revocations: this.authRevocations,
        deniedTokens: (ids) => deniedTokens(this.orm.em.fork() as EntityManager, ids),
        authenticate: (header) => authenticate(this.orm.em.fork() as EntityManager, header, this.tokenCache),
        context: (auth) => createContext(this.services, auth, { count: 0 }),
        usage: this.services.usage,
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

  /**
   * Graceful stop: refuse new connections, drain in-flight requests for up to `drainMs`
   * (SHUTDOWN_DRAIN_MS), then close every connection, abandon what still runs, and tear down
   * modules and the database with bounded waits.
   */
  stop(drainMs = this.config.shutdownDrainMs): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#started) {
        log.info('shutting down: draining in-flight requests');
        const deadline = Date.now() + drainMs;
        const closed = new Promise<void>((r) => this.httpServer.close(() => r()));
        this.httpServer.closeIdleConnections();
        await bounded('closing WebSockets', this.#ws?.close(), deadline - Date.now());
        if (this.#inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((r) => (this.#drained = r)),
            new Promise<void>((r) => (timer = setTimeout(r, Math.max(deadline - Date.now(), 0)))),
          ]);
          clearTimeout(timer);
        }
        if (this.#running > 0)
          log.warn(
            `${this.#running} request(s) still running after the ${drainMs} ms drain: closing their connections and abandoning them`,
          );
        this.httpServer.closeAllConnections();
        for (const socket of this.#ws?.wss.clients ?? []) socket.terminate();
        await bounded('closing HTTP connections', closed, TEARDOWN_STEP_MS);
        await bounded('stopping Apollo', this.apollo.stop(), TEARDOWN_STEP_MS);
      }
      await this.#teardown();
      log.info('stopped');
    })();
    return this.#stopping;
  }

  async #teardown(): Promise<void> {
    await this.authRevocations?.stop();
    // Requests have drained: write the usage counted since the last flush.
    await bounded('flushing operation usage', this.services?.usage?.stop(), TEARDOWN_STEP_MS);
    await bounded('writing the schema history', this.services?.schemaHistory?.settled(), TEARDOWN_STEP_MS);
    for (const m of [...(this.options.modules ?? [])].reverse()) {
      await bounded(`stopping module ${m.name}`, m.stop?.(this), TEARDOWN_STEP_MS);
    }
    await bounded('closing the login throttle pool', this.#throttle?.close(), TEARDOWN_STEP_MS);
    // The pool waits for connections held by abandoned requests; do not wait for those.
    await bounded('closing the ORM', this.orm?.close(), this.#running > 0 ? ABANDONED_CLOSE_MS : TEARDOWN_STEP_MS);
    await this.#db?.stop();
  }
}
