// Process configuration, read once from the environment. Everything documented in README.md.
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type ProcessRole = 'all' | 'web' | 'worker';

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
  pluginsEnabled: boolean;
  pluginTesting: boolean;
  pluginDirs: string[];
  /** node_modules folder scanned for plugin packages; unset = the server's own. */
  pluginPackagesDir: string | undefined;
  maxBodyBytes: number;
  maxQueryDepth: number;
  maxQueryCost: number;
  /** Most lexical tokens in one GraphQL document (MAX_QUERY_TOKENS). */
  maxQueryTokens: number;
  /** Most aliased fields in one operation (MAX_QUERY_ALIASES). */
  maxQueryAliases: number;
  /** SQL statements one GraphQL request may issue (MAX_SQL_PER_REQUEST). */
  maxSqlPerRequest: number;
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

function seconds(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number of seconds >= ${min}, got "${value}"`);
  return n;
}

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

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
    pluginsEnabled: bool(env.PLUGINS_ENABLED, true),
    pluginTesting: bool(env.PLUGIN_TESTING, false) || bool(env.PLUGINS_LOAD_SAMPLES, false),
    pluginDirs,
    pluginPackagesDir: env.PLUGIN_PACKAGES_DIR ? path.resolve(env.PLUGIN_PACKAGES_DIR) : undefined,
    maxBodyBytes: int('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 1_000_000),
    maxQueryDepth: int('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH, 12),
    maxQueryCost: int('MAX_QUERY_COST', env.MAX_QUERY_COST, 50_000),
    maxQueryTokens: int('MAX_QUERY_TOKENS', env.MAX_QUERY_TOKENS, 10_000),
    maxQueryAliases: int('MAX_QUERY_ALIASES', env.MAX_QUERY_ALIASES, 200),
    maxSqlPerRequest: int('MAX_SQL_PER_REQUEST', env.MAX_SQL_PER_REQUEST, 1000),
  };
}
