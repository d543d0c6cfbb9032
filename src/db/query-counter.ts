// Counts SQL statements per request (AsyncLocalStorage scope), used by tests and the
// `sqlQueries` response extension to prove DataLoader batching keeps query counts constant.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';

export interface QueryCount {
  count: number;
}

export const queryScope = new AsyncLocalStorage<QueryCount>();

export class CountingLogger extends DefaultLogger {
  override logQuery(context: LogContext): void {
    const scope = queryScope.getStore();
    if (scope) scope.count++;
    super.logQuery(context as LogContext & { query: string });
  }
}
