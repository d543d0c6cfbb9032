// The static check of an AppMixin plugin's migration SQL (pure: no I/O). Every statement must be
// one of a short list of forms whose target relations can be read from the text, and every
// relation it creates, alters, drops or writes must carry the plugin's prefix `plugin_<key>_`.
// Limits (docs/plugins.md "AppMixin"): reads are not checked (a plugin may `references
// "stock_items"` or `insert ... select` from core tables), nor functions called inside expressions;
// anything else (DO blocks, functions, triggers, grants, other schemas, several statements in one
// string) is refused rather than guessed at.

/** The table prefix of a plugin key: `plugin_` + the key lowercased with non-alphanumerics as `_` + `_`. */
export function tablePrefixOf(key: string): string {
  return `plugin_${key.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_`;
}

const IDENT = '(?:"[^"]+"|[A-Za-z_][A-Za-z0-9_$]*)';
const QUALIFIED = String.raw`(${IDENT}(?:\s*\.\s*${IDENT})?)`;
const IF_NOT_EXISTS = String.raw`(?:if\s+not\s+exists\s+)?`;
const IF_EXISTS = String.raw`(?:if\s+exists\s+)?`;
const ONLY = String.raw`(?:only\s+)?`;

/** Statement forms: the regex captures the relation(s) it names; `creates` marks a new table. */
const FORMS: ReadonlyArray<{ re: RegExp; creates?: boolean; list?: boolean }> = [
  { re: new RegExp(String.raw`^create\s+(?:unlogged\s+)?table\s+${IF_NOT_EXISTS}${QUALIFIED}`, 'i'), creates: true },
  { re: new RegExp(String.raw`^alter\s+table\s+${IF_EXISTS}${ONLY}${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^drop\s+table\s+${IF_EXISTS}(${IDENT}(?:\s*,\s*${IDENT})*)`, 'i'), list: true },
  {
    re: new RegExp(
      String.raw`^create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?${IF_NOT_EXISTS}(?:${IDENT}\s+)?on\s+${ONLY}${QUALIFIED}`,
      'i',
    ),
  },
  { re: new RegExp(String.raw`^drop\s+index\s+(?:concurrently\s+)?${IF_EXISTS}${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^(?:create|alter|drop)\s+sequence\s+(?:if\s+(?:not\s+)?exists\s+)?${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^insert\s+into\s+${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^update\s+${ONLY}${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^delete\s+from\s+${ONLY}${QUALIFIED}`, 'i') },
  { re: new RegExp(String.raw`^comment\s+on\s+(?:table|column|index|sequence)\s+${QUALIFIED}`, 'i') },
];

/** Named indexes must carry the prefix too (they share the schema's namespace with tables). */
const INDEX_NAME = new RegExp(
  String.raw`^create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?${IF_NOT_EXISTS}(${IDENT})\s+on\s`,
  'i',
);
const RENAME_TO = new RegExp(String.raw`\brename\s+to\s+(${IDENT})`, 'i');
const SET_SCHEMA = /\bset\s+schema\b/i;

function unquote(ident: string): string {
  const t = ident.trim();
  return t.startsWith('"') ? t.slice(1, -1) : t.toLowerCase();
}

/** `schema.name` or `name` → the bare table name; a schema other than public is refused. */
function relationName(qualified: string, statement: string): string {
  const parts = qualified.split('.').map(unquote);
  if (parts.length === 2 && parts[0] !== 'public')
    throw new Error(`statement uses schema "${parts[0]}" (plugin tables live in public): ${excerpt(statement)}`);
  return parts[parts.length - 1];
}

function excerpt(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

/** Comments removed, whitespace trimmed, one trailing `;` allowed. */
function normalise(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .trim()
    .replace(/;\s*$/, '');
}

export interface SqlCheckResult {
  /** Tables the statements create, in order. */
  created: string[];
}

/**
 * Checks a migration's statements against the plugin's prefix; throws an Error naming the first
 * statement that is not allowed. Returns the tables created.
 */
export function checkMigrationSql(prefix: string, statements: readonly string[]): SqlCheckResult {
  const created: string[] = [];
  const inNamespace = (name: string, statement: string, what = 'table') => {
    if (!name.startsWith(prefix) || name.length === prefix.length)
      throw new Error(
        `statement touches ${what} "${name}" outside the plugin's namespace "${prefix}*" (core and other plugins' tables are off limits): ${excerpt(statement)}`,
      );
  };
  for (const raw of statements) {
    const sql = normalise(raw);
    if (!sql) continue;
    if (sql.includes(';')) throw new Error(`one statement per addSql() call (found ";" inside): ${excerpt(sql)}`);
    const form = FORMS.find((f) => f.re.test(sql));
    if (!form)
      throw new Error(
        `statement not allowed in a plugin migration (create/alter/drop table, create/drop index, sequences, insert, update, delete, comment on): ${excerpt(sql)}`,
      );
    if (SET_SCHEMA.test(sql)) throw new Error(`statement moves a relation to another schema: ${excerpt(sql)}`);
    const target = form.re.exec(sql)![1];
    const names = form.list ? target.split(',').map((n) => relationName(n, sql)) : [relationName(target, sql)];
    for (const name of names) inNamespace(name, sql);
    const index = INDEX_NAME.exec(sql)?.[1];
    if (index) inNamespace(unquote(index), sql, 'index');
    const renamed = RENAME_TO.exec(sql)?.[1];
    if (renamed && /^alter\s+table\s/i.test(sql)) inNamespace(unquote(renamed), sql);
    if (form.creates) created.push(names[0]);
  }
  return { created };
}
