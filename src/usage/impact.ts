// "What breaks if the schema changes from `before` to `after`?": the diff by coordinate and the
// classification of every operation recorded within the window (this process's counters are
// flushed first, so its latest traffic counts). Used by previews and by the toggle guard.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { badInput } from '../graphql/errors.js';
import { classifyOperations, type Classified } from './classify.js';
import { flushAllUsage } from './recorder.js';
import { diffSchemas, type SchemaDiff } from './schema-diff.js';
import { readOperationUsage, type OperationUsageRow, type UsageFilter } from './store.js';

export interface ChangeImpact {
  diff: SchemaDiff;
  classified: Classified;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d", "12h", "90m", "2w", "45s" → milliseconds; null when not a duration. */
export function durationMs(text: string): number | null {
  const m = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]]! : null;
}

/** "30d", "12h", "90m", "2w" or an ISO date-time → the instant it starts at. */
export function sinceOf(window: string, field = 'window', now = Date.now()): Date {
  const ms = durationMs(window);
  if (ms !== null) return new Date(now - ms);
  const at = new Date(window);
  if (window.includes('T') && !Number.isNaN(at.getTime())) return at;
  throw badInput(`${field} must be a duration such as "30d", "12h", "90m" or an ISO date-time, got "${window}"`, field);
}

export async function changeImpact(
  em: EntityManager,
  before: GraphQLSchema,
  after: GraphQLSchema,
  since: Date,
): Promise<ChangeImpact> {
  const diff = diffSchemas(before, after);
  if (!diff.changes.length) return { diff, classified: { operations: [], unaffectedCount: 0 } };
  return { diff, classified: classifyOperations(await recordedOperations(em, { since }), before, after, diff) };
}

/** The recorded operations `filter` selects, this process's unflushed counters included. */
export async function recordedOperations(em: EntityManager, filter: UsageFilter): Promise<OperationUsageRow[]> {
  await flushAllUsage();
  return readOperationUsage(em, filter);
}
