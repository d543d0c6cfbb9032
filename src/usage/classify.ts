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
    const v = verdictOf(op, before, after);
    if (v?.broken) operations.push(impactOf(op, 'BROKEN', v.errorsAfter));
    else if (v && !v.errorsAfter.length && op.coordinates.some((c) => diff.affected.has(c)))
      operations.push(impactOf(op, 'POTENTIALLY_AFFECTED', []));
    else unaffectedCount++;
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
    const v = verdictOf(op, before, after);
    if (v?.broken) broken.push(impactOf(op, 'BROKEN', v.errorsAfter));
  }
  return broken.sort((a, b) => b.count - a.count);
}

/**
 * The operation checked against both schemas: its errors on `after`, and whether the change
 * breaks it (invalid after, valid before). Null when its stored text does not parse (unaffected).
 */
function verdictOf(
  op: OperationUsageRow,
  before: GraphQLSchema,
  after: GraphQLSchema,
): { errorsAfter: string[]; broken: boolean } | null {
  let doc: DocumentNode;
  try {
    doc = parse(op.document);
  } catch {
    return null;
  }
  const errorsAfter = safeValidate(after, doc);
  return { errorsAfter, broken: errorsAfter.length > 0 && !safeValidate(before, doc).length };
}

function impactOf(op: OperationUsageRow, classification: Classification, errors: string[]): OperationImpact {
  const { hash, operationName, operationType, count, lastSeen, clients } = op;
  return { hash, operationName, operationType, count, lastSeen, clients, classification, errors };
}

function safeValidate(schema: GraphQLSchema, doc: DocumentNode): string[] {
  try {
    return validate(schema, doc).map((e) => e.message);
  } catch (e) {
    return [`cannot be validated: ${(e as Error).message}`];
  }
}
