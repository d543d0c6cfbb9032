// Counts SQL statements per request (AsyncLocalStorage scope), used by tests and the
// `sqlQueries` response extension to prove DataLoader batching keeps query counts constant,
// and bounds them: while a request's budget is armed, the statement past it is refused before
// it reaches the database (MikroORM's `onQuery` hook runs before every statement).
// What must stay true: the check happens before execution (counting after would let thousands
// of statements queued concurrently all run), and the budget is disarmed when the request ends,
// so work that outlives it in the same async context (timers started by a request) is not refused.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';

export interface QueryCount {
  /** Statements that ran (logged), including transaction control. */
  count: number;
  /** Statements handed to the driver so far. */
  started?: number;
  /** While set, statements beyond this many are refused with SqlLimitError. */
  limit?: number;
}

export const queryScope = new AsyncLocalStorage<QueryCount>();

export class CountingLogger extends DefaultLogger {
  override logQuery(context: LogContext): void {
    const scope = queryScope.getStore();
    if (scope) scope.count++;
    super.logQuery(context as LogContext & { query: string });
  }
}

export const SQL_LIMIT_EXCEEDED = 'SQL_LIMIT_EXCEEDED';

export class SqlLimitError extends Error {
  // Own properties: MikroORM wraps the error in a DriverException that copies them.
  readonly code = SQL_LIMIT_EXCEEDED;
  constructor(readonly limit: number) {
    super(
      `This request needs more than ${limit} SQL statements, the limit per request: ask for fewer fields, aliases or smaller pages`,
    );
    this.name = 'SqlLimitError';
  }
}

/** MikroORM `onQuery` hook: counts the statement and refuses it when over the request's budget. */
export function guardStatement(sql: string): string {
  const scope = queryScope.getStore();
  if (!scope) return sql;
  scope.started = (scope.started ?? 0) + 1;
  if (scope.limit !== undefined && scope.started > scope.limit) throw new SqlLimitError(scope.limit);
  return sql;
}

export function startSqlBudget(scope: QueryCount, limit: number): void {
  scope.limit = limit;
}

export function endSqlBudget(scope: QueryCount): void {
  scope.limit = undefined;
}

/** The SqlLimitError behind an error (possibly wrapped by graphql-js and the ORM), if any. */
export function findSqlLimitError(error: unknown): { message: string; limit: number } | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, limit, message } = e as { code?: unknown; limit?: unknown; message?: unknown };
    if (code === SQL_LIMIT_EXCEEDED && typeof limit === 'number') return { message: String(message), limit };
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}
