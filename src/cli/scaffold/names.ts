// Plugin names for `plugins create`: what a name may be, and the identifiers derived from it.
// Must stay true: a valid name is a valid npm package name, plugin key (slug) and folder name.

export const MIXIN_CHOICES = ['graphql', 'settings', 'events'] as const;
export type ScaffoldMixin = (typeof MIXIN_CHOICES)[number];

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Why `name` cannot be a plugin name, or null when it can. */
export function nameProblem(name: string): string | null {
  if (!name) return 'a plugin name is required';
  if (name.length > 50) return `plugin name "${name}" is too long (at most 50 characters)`;
  if (!NAME.test(name))
    return `plugin name "${name}" is not valid: use lowercase letters, digits and single hyphens, starting with a letter (e.g. "stock-alerts")`;
  if (name === 'partgraph' || name.startsWith('partgraph-'))
    return `plugin name "${name}" is reserved: names starting with "partgraph" belong to built-in plugins`;
  return null;
}

export interface PluginNames {
  /** npm package name, folder name and plugin SLUG: `stock-alerts`. */
  slug: string;
  /** Class name: `StockAlertsPlugin`. */
  className: string;
  /** Human name: `Stock Alerts`. */
  title: string;
  /** A GraphQL field prefix: `stockAlerts`. */
  camel: string;
  /** A GraphQL type prefix: `StockAlerts`. */
  pascal: string;
}

export function namesOf(slug: string): PluginNames {
  const words = slug.split('-');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return {
    slug,
    pascal,
    className: pascal.endsWith('Plugin') ? pascal : `${pascal}Plugin`,
    title: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
    camel: pascal[0].toLowerCase() + pascal.slice(1),
  };
}

/** Parses `graphql,settings`; throws naming the unknown entries. */
export function parseMixins(list: string): ScaffoldMixin[] {
  const wanted = list
    .split(',')
    .map((m) => m.trim().toLowerCase())
    .filter(Boolean);
  const unknown = wanted.filter((m) => !(MIXIN_CHOICES as readonly string[]).includes(m));
  if (unknown.length)
    throw new Error(
      `unknown mixin(s) ${unknown.map((m) => `"${m}"`).join(', ')}: choose from ${MIXIN_CHOICES.join(', ')}`,
    );
  return MIXIN_CHOICES.filter((m) => wanted.includes(m));
}
