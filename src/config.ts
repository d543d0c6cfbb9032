// Process configuration, read once from the environment. Everything documented in README.md.
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type ProcessRole = 'all' | 'web' | 'worker';
/** LOG_SQL: off; `types` (LOG_SQL=true) logs statements with parameter types; `params` adds values (see src/db/sql-log.ts). */
export type LogSqlMode = 'off' | 'types' | 'params';

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number | undefined;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  logLevel: LogLevel;
  role: ProcessRole;
  /** How often idle job workers poll and pick up retried jobs, in seconds (JOBS_POLL_SECONDS). */
  jobsPollSeconds: number;
  /** A job whose worker stops refreshing its heartbeat this long is retried (JOBS_HEARTBEAT_SECONDS, whole seconds >= 10). */
  jobsHeartbeatSeconds: number;
  /** How often workers look for jobs whose worker process died (JOBS_ORPHAN_CHECK_SECONDS). */
  jobsOrphanCheckSeconds: number;
  pluginsEnabled: boolean;
  pluginTesting: boolean;
  pluginDirs: string[];
  /** node_modules folder scanned for plugin packages; unset = the server's own. */
  pluginPackagesDir: string | undefined;
  maxBodyBytes: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Failed sign-ins per username within the window before sign-in is refused (0 = no limit). */
  loginMaxFailuresPerUser: number;
  /** Failed sign-ins per client address within the window before sign-in is refused (0 = no limit). */
  loginMaxFailuresPerIp: number;
  /** Barcode scans older than this many days are deleted (BarcodeMixin's scan history). */
  barcodeScanRetentionDays: number;
  /** Longest barcode text scanBarcode / linkBarcode accept (characters). */
  barcodeMaxLength: number;
  /** Window in which failed sign-ins are counted, in seconds. */
  loginFailureWindowSeconds: number;
  /** How long sign-in stays refused once a limit is reached, in seconds. */
  loginBlockSeconds: number;
  /** Proxies in front of the server whose X-Forwarded-For entries are trusted (0 = use the socket address). */
  trustProxyHops: number;
  /** How long a stop waits for in-flight requests before closing their connections, in ms. */
  shutdownDrainMs: number;
  /** Time each readiness check (database, job queue) may take before it counts as down, in ms. */
  healthCheckTimeoutMs: number;
  /** Largest WebSocket message accepted, before and after sign-in (WS_MAX_MESSAGE_BYTES). */
  wsMaxMessageBytes: number;
  /** How long a socket may stay open without connection_init (WS_CONNECTION_INIT_TIMEOUT_MS). */
  wsConnectionInitTimeoutMs: number;
  /** Operations running at once on one socket (WS_MAX_SUBSCRIPTIONS_PER_SOCKET). */
  wsMaxSubscriptionsPerSocket: number;
  /** Signed-in sockets per user, counted per server process (WS_MAX_SOCKETS_PER_USER). */
  wsMaxSocketsPerUser: number;
  /** How often open sockets' tokens are re-checked against the database (WS_SESSION_RECHECK_SECONDS). */
  wsSessionRecheckSeconds: number;
  /** Operation usage recording for safe plugin toggles (OPERATION_USAGE, default on). */
  operationUsage: boolean;
  /** How often recorded usage is written to the database, in ms (OPERATION_USAGE_FLUSH_MS). */
  operationUsageFlushMs: number;
  /** Distinct operations (documents) kept at most (OPERATION_USAGE_MAX_OPERATIONS). */
  operationUsageMaxOperations: number;
  /** Usage older than this many days is deleted (OPERATION_USAGE_RETENTION_DAYS). */
  operationUsageRetentionDays: number;
  /** Most lexical tokens in one GraphQL document (MAX_QUERY_TOKENS). */
  maxQueryTokens: number;
  /** Most aliased fields in one operation (MAX_QUERY_ALIASES). */
  maxQueryAliases: number;
  /** SQL statements one GraphQL request may issue (MAX_SQL_PER_REQUEST). */
  maxSqlPerRequest: number;
  /** How HTTP operations execute: graphql-jit (`jit`, default) or `graphql-js` (EXECUTOR). */
  executor: 'jit' | 'graphql-js';
  /** How long a token look-up is reused (AUTH_TOKEN_CACHE_SECONDS; 0 = never). */
  authTokenCacheSeconds: number;
  /** Compiled operations kept per process (COMPILED_QUERY_CACHE_SIZE). */
  compiledQueryCacheSize: number;
  /** LOG_SQL (default off). */
  logSql: LogSqlMode;
  /** Install the packages listed in DATA_DIR/plugins-installed/plugins.txt that are missing, at start (PLUGINS_INSTALL_ON_STARTUP). */
  pluginsInstallOnStartup: boolean;
  /** Let npm run the install scripts of installed plugin packages (PLUGINS_INSTALL_SCRIPTS; default off). */
  pluginsInstallScripts: boolean;
  /** Longest one npm install of a plugin may take, in seconds (PLUGINS_INSTALL_TIMEOUT_SECONDS). */
  pluginsInstallTimeoutSeconds: number;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** A limit: 0 would switch the feature off by accident, so it is refused. */
function positive(name: string, value: string | undefined, fallback: number): number {
  const n = int(name, value, fallback);
  if (n === 0) throw new Error(`${name} must be at least 1, got "${value}"`);
  return n;
}

function seconds(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number of seconds >= ${min}, got "${value}"`);
  return n;
}

/** TRUST_PROXY: false/0 (default), true (= one proxy) or the number of proxies in front. */
function proxyHops(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  const v = value.toLowerCase();
  if (['true', 'yes', 'on'].includes(v)) return 1;
  if (['false', 'no', 'off'].includes(v)) return 0;
  throw new Error(`TRUST_PROXY must be true, false or a number of proxies, got "${value}"`);
}

function wholeSeconds(name: string, value: string | undefined, fallback: number, min: number): number {
  const n = seconds(name, value, fallback, min);
  if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number of seconds, got "${value}"`);
  return n;
}

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** LOG_SQL: unset/false/0/no/off = off; true/1/yes/on = `types`; `params` = `params`. */
export function logSqlMode(value: string | undefined): LogSqlMode {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'params') return 'params';
  if (['', 'false', '0', 'no', 'off'].includes(v)) return 'off';
  if (['true', '1', 'yes', 'on'].includes(v)) return 'types';
  throw new Error(`LOG_SQL must be false, true or params, got "${value}"`);
}

/** EXECUTOR: `jit` (default) or `graphql-js`. */
export function executorKind(value: string | undefined): 'jit' | 'graphql-js' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'jit') return 'jit';
  if (v === 'graphql-js') return 'graphql-js';
  throw new Error(`EXECUTOR must be jit or graphql-js, got "${value}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const role = (env.PARTGRAPH_ROLE ?? 'all') as ProcessRole;
  if (!['all', 'web', 'worker'].includes(role)) throw new Error('PARTGRAPH_ROLE must be all, web or worker');
  const pluginDirs = (env.PLUGIN_DIR ?? 'plugins')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.resolve(d));
  return {
    port: int('PORT', env.PORT, 4000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPgPort: env.EMBEDDED_PG_PORT ? int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 0) : undefined,
    adminUsername: env.ADMIN_USERNAME || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    logLevel,
    role,
    jobsPollSeconds: seconds('JOBS_POLL_SECONDS', env.JOBS_POLL_SECONDS, 2, 0.5),
    jobsHeartbeatSeconds: wholeSeconds('JOBS_HEARTBEAT_SECONDS', env.JOBS_HEARTBEAT_SECONDS, 30, 10),
    jobsOrphanCheckSeconds: seconds('JOBS_ORPHAN_CHECK_SECONDS', env.JOBS_ORPHAN_CHECK_SECONDS, 2, 0.5),
    pluginsEnabled: bool(env.PLUGINS_ENABLED, true),
    pluginTesting: bool(env.PLUGIN_TESTING, false) || bool(env.PLUGINS_LOAD_SAMPLES, false),
    pluginDirs,
    pluginPackagesDir: env.PLUGIN_PACKAGES_DIR ? path.resolve(env.PLUGIN_PACKAGES_DIR) : undefined,
    maxBodyBytes: int('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 1_000_000),
    maxQueryDepth: int('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH, 12),
    maxQueryCost: int('MAX_QUERY_COST', env.MAX_QUERY_COST, 50_000),
    loginMaxFailuresPerUser: int('LOGIN_MAX_FAILURES_PER_USER', env.LOGIN_MAX_FAILURES_PER_USER, 10),
    loginMaxFailuresPerIp: int('LOGIN_MAX_FAILURES_PER_IP', env.LOGIN_MAX_FAILURES_PER_IP, 100),
    barcodeScanRetentionDays: int('BARCODE_SCAN_RETENTION_DAYS', env.BARCODE_SCAN_RETENTION_DAYS, 30),
    barcodeMaxLength: positive('BARCODE_MAX_LENGTH', env.BARCODE_MAX_LENGTH, 4096),
    loginFailureWindowSeconds: seconds('LOGIN_FAILURE_WINDOW_SECONDS', env.LOGIN_FAILURE_WINDOW_SECONDS, 900, 1),
    loginBlockSeconds: seconds('LOGIN_BLOCK_SECONDS', env.LOGIN_BLOCK_SECONDS, 900, 1),
    trustProxyHops: proxyHops(env.TRUST_PROXY),
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', env.SHUTDOWN_DRAIN_MS, 10_000),
    healthCheckTimeoutMs: Math.max(int('HEALTH_CHECK_TIMEOUT_MS', env.HEALTH_CHECK_TIMEOUT_MS, 1000), 1),
    wsMaxMessageBytes: positive('WS_MAX_MESSAGE_BYTES', env.WS_MAX_MESSAGE_BYTES, 1_048_576),
    wsConnectionInitTimeoutMs: positive('WS_CONNECTION_INIT_TIMEOUT_MS', env.WS_CONNECTION_INIT_TIMEOUT_MS, 5_000),
    wsMaxSubscriptionsPerSocket: positive('WS_MAX_SUBSCRIPTIONS_PER_SOCKET', env.WS_MAX_SUBSCRIPTIONS_PER_SOCKET, 100),
    wsMaxSocketsPerUser: positive('WS_MAX_SOCKETS_PER_USER', env.WS_MAX_SOCKETS_PER_USER, 20),
    wsSessionRecheckSeconds: seconds('WS_SESSION_RECHECK_SECONDS', env.WS_SESSION_RECHECK_SECONDS, 60, 0.1),
    maxQueryTokens: int('MAX_QUERY_TOKENS', env.MAX_QUERY_TOKENS, 10_000),
    maxQueryAliases: int('MAX_QUERY_ALIASES', env.MAX_QUERY_ALIASES, 200),
    maxSqlPerRequest: int('MAX_SQL_PER_REQUEST', env.MAX_SQL_PER_REQUEST, 1000),
    logSql: logSqlMode(env.LOG_SQL),
    pluginsInstallOnStartup: bool(env.PLUGINS_INSTALL_ON_STARTUP, false),
    pluginsInstallScripts: bool(env.PLUGINS_INSTALL_SCRIPTS, false),
    pluginsInstallTimeoutSeconds: seconds(
      'PLUGINS_INSTALL_TIMEOUT_SECONDS',
      env.PLUGINS_INSTALL_TIMEOUT_SECONDS,
      300,
      1,
    ),
    operationUsage: bool(env.OPERATION_USAGE, true),
    operationUsageFlushMs: positive('OPERATION_USAGE_FLUSH_MS', env.OPERATION_USAGE_FLUSH_MS, 5000),
    operationUsageMaxOperations: positive('OPERATION_USAGE_MAX_OPERATIONS', env.OPERATION_USAGE_MAX_OPERATIONS, 5000),
    operationUsageRetentionDays: positive('OPERATION_USAGE_RETENTION_DAYS', env.OPERATION_USAGE_RETENTION_DAYS, 30),
    executor: executorKind(env.EXECUTOR),
    authTokenCacheSeconds: seconds('AUTH_TOKEN_CACHE_SECONDS', env.AUTH_TOKEN_CACHE_SECONDS, 5, 0),
    compiledQueryCacheSize: positive('COMPILED_QUERY_CACHE_SIZE', env.COMPILED_QUERY_CACHE_SIZE, 1000),
  };
}
