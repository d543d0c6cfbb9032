// Refuses text that cannot be stored or echoed safely: NUL characters (PostgreSQL text cannot
// hold them) and unpaired UTF-16 surrogates (invalid Unicode: the driver would silently turn
// them into U+FFFD, and jsonb, e.g. an event payload, rejects them). Both are refused as
// BAD_USER_INPUT naming the field, before any resolver code runs, instead of surfacing later
// as an INTERNAL_SERVER_ERROR from the database.
//
// `refuseUnsafeText` is a type-graphql middleware checking every string in a field's
// arguments (nested input objects and lists included); put it on each query/mutation that
// takes text. It only refuses, never rewrites: normalisation (e.g. Unicode NFC) is a rule of
// the data it feeds (see src/inventory/validation.ts), and must not touch passwords.
import type { MiddlewareFn } from 'type-graphql';
import { badInput } from './errors.js';

// With the u flag a surrogate pair reads as one astral code point, so \p{Cs} (the surrogate
// category) only matches unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `s` is unsafe text, or null when it is fine. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (invalid Unicode)';
  return null;
}

/** Throws BAD_USER_INPUT on `field` when `value` is unsafe text; returns it unchanged. */
export function assertSafeText(value: string, field: string): string {
  const problem = textProblem(value);
  if (problem) throw badInput(`${field} ${problem}`, field);
  return value;
}

/** Input nesting deeper than this is not searched (GraphQL inputs are far shallower). */
const MAX_DEPTH = 32;

/** The first unsafe string in `value`: `field` is the key holding it, `path` the dotted path. */
function findUnsafe(
  value: unknown,
  field: string,
  path: string,
  depth: number,
): { field: string; path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { field, path, problem } : null;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnsafe(item, field, path, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = findUnsafe(item, key, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws BAD_USER_INPUT naming the (innermost) field of the first unsafe string in `args`. */
export function assertSafeArgs(args: Record<string, unknown>): void {
  const found = findUnsafe(args, '', '', 0);
  if (found) throw badInput(`${found.path} ${found.problem}`, found.field);
}

/** type-graphql middleware: `@UseMiddleware(refuseUnsafeText)` on a query or mutation. */
export const refuseUnsafeText: MiddlewareFn = ({ args }, next) => {
  assertSafeArgs(args);
  return next();
};
