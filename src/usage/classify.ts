// Classifies recorded operations against a planned schema change: BROKEN (valid on the schema
// served now, invalid on the planned one: the validation errors say why), POTENTIALLY_AFFECTED
// (still valid, but uses a removed or changed coordinate), otherwise unaffected (only counted).
// An operation that is already invalid now is not broken by the change and counts as unaffected.
import { parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { SchemaDiff } from './schema-diff.js';
import type { OperationUsageRow } from './store.js';

export type Classification = 'BROKEN' | 'POTENTIALLY_AFFECTED';

export interface OperationImpact extends Omit<OperationUsageRow, 'document' | 'coordinates' | 'firstSeen' | 'roles'> {
  classification: Classification;
  errors: string[];
}

export interface Classified {
  operations: OperationImpact[];
  unaffectedCount: number;
}

export function classifyOperations(
  ops: readonly OperationUsageRow[],
  before: GraphQLSchema,
  after: GraphQLSchema,
  diff: SchemaDiff,
): Classified {
  const operations: OperationImpact[] = [];
  let unaffectedCount = 0;
  for (const op of ops) {
    let doc: DocumentNode;
    try {
      doc = parse(op.document);
    } catch {
      unaffectedCount++;
      continue;
    }
    const base = {
      hash: op.hash,
      operationName: op.operationName,
      operationType: op.operationType,
      count: op.count,
      lastSeen: op.lastSeen,
      clients: op.clients,
    };
    const errorsAfter = safeValidate(after, doc);
    if (errorsAfter.length && !safeValidate(before, doc).length) {
      operations.push({ ...base, classification: 'BROKEN', errors: errorsAfter });
    } else if (!errorsAfter.length && op.coordinates.some((c) => diff.affected.has(c))) {
      operations.push({ ...base, classification: 'POTENTIALLY_AFFECTED', errors: [] });
    } else unaffectedCount++;
  }
  operations.sort((a, b) =>
    a.classification === b.classification ? b.count - a.count : a.classification === 'BROKEN' ? -1 : 1,
  );
  return { operations, unaffectedCount };
}

/**
 * Only the BROKEN operations (valid against `before`, invalid against `after`), without a schema
 * diff: what the toggle guard needs, on every toggle, so it skips findBreakingChanges and the
 * coordinate walk of two whole schemas. Same verdicts as classifyOperations' BROKEN.
 */
export function brokenOperations(
  ops: readonly OperationUsageRow[],
  before: GraphQLSchema,
  after: GraphQLSchema,
): OperationImpact[] {
  if (before === after) return [];
  const broken: OperationImpact[] = [];
  for (const op of ops) {
    let doc: DocumentNode;
    try {
      doc = parse(op.document);
    } catch {
      continue;
    }
    const errorsAfter = safeValidate(after, doc);
    if (errorsAfter.length && !safeValidate(before, doc).length)
      broken.push({
        hash: op.hash,
        operationName: op.operationName,
        operationType: op.operationType,
        count: op.count,
        lastSeen: op.lastSeen,
        clients: op.clients,
        classification: 'BROKEN',
        errors: errorsAfter,
      });
  }
  return broken.sort((a, b) => b.count - a.count);
}

function safeValidate(schema: GraphQLSchema, doc: DocumentNode): string[] {
  try {
    return validate(schema, doc).map((e) => e.message);
  } catch (e) {
    return [`cannot be validated: ${(e as Error).message}`];
  }
}
