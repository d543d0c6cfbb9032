// Matching a request path against a plugin's route patterns (`items/:id`). Pure: no I/O.

export function normalizePath(p: string): string {
  return p.split('/').filter(Boolean).join('/');
}

/** A path segment whose percent-escapes are malformed (e.g. `%` or `%zz`): the request is answered 400. */
export class MalformedPathError extends Error {}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new MalformedPathError(`malformed percent-escape in path segment "${value}"`);
  }
}

/** Whether every percent-escape in the path is well formed (checked before any route is looked up). */
export function isWellFormedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * Matches `items/:id` against `items/42`: the params (decoded), or null when it does not match.
 * Throws MalformedPathError when a segment it must decode has a malformed escape.
 */
export function matchRoute(pattern: string, rest: string): Record<string, string> | null {
  const want = normalizePath(pattern).split('/').filter(Boolean);
  const got = rest.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, seg] of want.entries()) {
    const value = got[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeSegment(value);
    else if (seg !== value) return null;
  }
  return params;
}
