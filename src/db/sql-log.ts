// SQL statement logging (LOG_SQL) that never writes secrets. MikroORM's own "query-params"
// output inlines every value, which puts password hashes, token hashes and protected setting
// values into the log; here the statement is always logged with its placeholders, followed by
// a rendering of the parameters that depends on the mode:
//
//   LOG_SQL=true    (`types`)  parameter types only: `[params: string, number, null]`
//   LOG_SQL=params  (`params`) values too, except for statements that touch a table holding
//                              secrets (SENSITIVE_TABLES), whose parameters stay types only
//
// What must stay true: `query-params` is never reported enabled (so MikroORM never hands us a
// statement with values inlined), and the `formatted` statement MikroORM passes in the log
// context is never written. Lines go through src/log.ts (scope `sql`, level info).
import type { LogContext, LoggerNamespace, LoggerOptions } from '@mikro-orm/core';
import type { LogSqlMode } from '../config.js';
import { logger } from '../log.js';
import { CountingLogger } from './query-counter.js';

const log = logger('sql');

/**
 * Tables whose parameter values are never logged: users (password hashes), api_tokens (token
 * hashes), plugin_settings and global_settings (protected setting values). Matched as whole
 * words anywhere in the statement, so a join or subquery on them masks the whole statement.
 */
export const SENSITIVE_TABLES = ['users', 'api_tokens', 'plugin_settings', 'global_settings'] as const;
const SENSITIVE = new RegExp(`\\b(?:${SENSITIVE_TABLES.join('|')})\\b`, 'i');

/** Longest rendering of one string value in `params` mode. */
const MAX_VALUE_CHARS = 200;

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (Buffer.isBuffer(v)) return 'bytes';
  return typeof v;
}

function renderValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

/** The parameter part of a log line for `query` (empty when it has none). */
export function renderParams(mode: LogSqlMode, query: string, params: readonly unknown[] | undefined): string {
  if (!params?.length || mode === 'off') return '';
  if (mode === 'params' && !SENSITIVE.test(query)) return ` [params: ${params.map(renderValue).join(', ')}]`;
  const hidden = mode === 'params' ? ' (values hidden: sensitive table)' : '';
  return ` [params${hidden}: ${params.map(typeOf).join(', ')}]`;
}

/** The `debug` option for MikroORM: only the `query` namespace, never `query-params`. */
export function sqlDebugNamespaces(mode: LogSqlMode): LoggerNamespace[] | false {
  return mode === 'off' ? false : ['query'];
}

// MikroORM colours its output with ANSI escapes; our log lines are plain text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ESC of ANSI colour codes is the point
const ANSI = /\x1B\[\d+m/g;

/** Writer for MikroORM's logger: one `sql` line per message. */
export function sqlLogWriter(message: string): void {
  log.info(message.replace(ANSI, ''));
}

/** The ORM logger: counts statements (CountingLogger) and renders them as described above. */
export class SqlLogger extends CountingLogger {
  constructor(
    options: LoggerOptions,
    private readonly mode: LogSqlMode,
  ) {
    super(options);
  }

  override isEnabled(namespace: LoggerNamespace, context?: LogContext): boolean {
    if (namespace === 'query-params') return false;
    return super.isEnabled(namespace, context);
  }

  override logQuery(context: LogContext): void {
    if (this.mode === 'off') {
      super.logQuery(context); // counted, not written
      return;
    }
    // Rebuilt, not spread: the context also carries `formatted` (the statement with its values).
    const query = (context.query ?? '') + renderParams(this.mode, context.query ?? '', context.params);
    const { took, results, affected, level, label, namespace, connection, enabled, debugMode } = context;
    super.logQuery({ query, took, results, affected, level, label, namespace, connection, enabled, debugMode });
  }
}
