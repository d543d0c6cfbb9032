// Reading the links and page sources that UI mixins declare (NavigationMixin links, panel
// sources) as same-origin paths. Pure: no I/O. What must stay true: a value that passes is a path
// on this server (never another origin, never a scheme such as javascript:), with no dot segments,
// so "under /plugin/<slug>/" cannot be escaped.

/** Why a link or source was refused (the message names the value; callers add the plugin). */
export class AppPathError extends Error {}

const ORIGIN = 'http://partgraph.invalid';
const MAX_LENGTH = 2048;

/** The prefix of a plugin's own routes (UrlsMixin): `/plugin/<slug>/`. */
export function pluginPrefix(slug: string): string {
  return `/plugin/${slug}/`;
}

/**
 * Reads `value` as a path on this server. A relative value (no leading '/') is resolved under
 * the plugin's routes, `/plugin/<slug>/`. Returns the normalised path (with query and fragment).
 * With `underPlugin`, the result must also lie under `/plugin/<slug>/`.
 */
export function appPath(value: unknown, slug: string, { underPlugin = false } = {}): string {
  if (typeof value !== 'string' || value.length === 0) throw new AppPathError('must be a non-empty string');
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value.length > MAX_LENGTH) throw new AppPathError(`${shown} is longer than ${MAX_LENGTH} characters`);
  // Browsers drop or reinterpret these (tabs and newlines inside "java\tscript:", "\\" as "/").
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value))
    throw new AppPathError(`${shown} must not contain spaces, control characters or backslashes`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value))
    throw new AppPathError(`${shown} must be a path on this server, not a URL with a scheme`);
  if (value.startsWith('//')) throw new AppPathError(`${shown} points to another origin`);
  const pathPart = value.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    throw new AppPathError(`${shown} has a malformed percent-escape`);
  }
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..'))
    throw new AppPathError(`${shown} must not contain "." or ".." segments`);
  const url = new URL(value, `${ORIGIN}${pluginPrefix(slug)}`);
  if (url.origin !== ORIGIN) throw new AppPathError(`${shown} points to another origin`);
  if (underPlugin && !url.pathname.startsWith(pluginPrefix(slug)))
    throw new AppPathError(`${shown} is not under the plugin's own routes ${pluginPrefix(slug)}`);
  return `${url.pathname}${url.search}${url.hash}`;
}
