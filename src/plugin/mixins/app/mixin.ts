// AppMixin (InvenTree's AppMixin): a plugin with its own tables. It declares MikroORM entities
// (EntitySchema / defineEntity, tables named `plugin_<key>_...`) and its migrations (MikroORM
// Migration classes whose up() only calls addSql). The load-time checks here refuse, naming the
// plugin: an entity table outside the namespace, an entity no migration creates, migration SQL
// that touches anything outside the namespace (sql-check.ts). Migrations run when the plugin is
// activated (lifecycle.ts → migrate.ts), never at load.
import { EntitySchema } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { runtimeOf } from '../../runtime.js';
import { registerMixin, type PluginClass } from '../declare.js';
import { checkMigrationSql, tablePrefixOf } from './sql-check.js';

/** An entity of a plugin: `new EntitySchema({ name, tableName, properties })` or `defineEntity(...)`. */
export type PluginEntity = EntitySchema;

/** A MikroORM migration class: `class AddNotes extends Migration { async up() { this.addSql('...') } }`. */
export type PluginMigrationClass = abstract new (...args: ConstructorParameters<typeof Migration>) => Migration;

interface AppStatics {
  ENTITIES?: readonly PluginEntity[];
  MIGRATIONS?: readonly PluginMigrationClass[];
}

export interface AppDeclaration {
  /** `plugin_<key>_`: every table of the plugin starts with it. */
  prefix: string;
  entities: readonly PluginEntity[];
  migrations: readonly PluginMigrationClass[];
}

/** A migration's name: its class name (stable; recorded in plugin_migrations). */
export function migrationName(cls: PluginMigrationClass): string {
  return cls.name;
}

/** What a plugin class declares (no instance needed: the admin API reads inactive plugins too). */
export function appDeclarationOfClass(cls: { pluginKey(): string } & AppStatics): AppDeclaration {
  return { prefix: tablePrefixOf(cls.pluginKey()), entities: cls.ENTITIES ?? [], migrations: cls.MIGRATIONS ?? [] };
}

export function appDeclarationOf(plugin: InvenTreePlugin): AppDeclaration {
  return appDeclarationOfClass(plugin.constructor as unknown as { pluginKey(): string } & AppStatics);
}

/** Plugin instances whose app part runs (prepared with ENABLE_PLUGINS_APP on, migrations applied). */
const appEnabled = new WeakSet<InvenTreePlugin>();

/** Set by the prepare hook (lifecycle.ts) as the plugin starts running in this process. */
export function setAppEnabled(plugin: InvenTreePlugin, on: boolean): void {
  if (on) appEnabled.add(plugin);
  else appEnabled.delete(plugin);
}

/** The entity's table: its explicit tableName (required: the namespace is checked on it). */
export function entityTable(entity: PluginEntity): string | undefined {
  return entity.meta.tableName ?? entity.meta.collection;
}

/**
 * The statements a migration adds, read without a database: construct it with no driver and call
 * up(). Statements added after an `await` in up() are only seen when it runs (migrate.ts checks
 * them again then). this.execute() / getEntityManager() fail: migrations are addSql only.
 */
export function statementsNow(cls: PluginMigrationClass): string[] {
  const m = new (cls as unknown as new (d: unknown, c: unknown) => Migration)(undefined, undefined);
  const pending = m.up();
  if (pending instanceof Promise) pending.catch(() => undefined);
  return m.getQueries().map((q) => {
    if (typeof q !== 'string') throw new Error('addSql() takes SQL text in plugin migrations');
    return q;
  });
}

/** The load-time checks; throws MixinImplementationError naming the plugin. */
export function validateAppDeclaration(key: string, d: AppDeclaration): void {
  const who = `plugin '${key}' (AppMixin)`;
  const bad = (why: string): never => {
    throw new MixinImplementationError(`${who}: ${why}`);
  };
  if (!Array.isArray(d.entities) || !Array.isArray(d.migrations)) bad('ENTITIES and MIGRATIONS must be arrays');
  if (!d.migrations.length) bad('MIGRATIONS is empty');
  const created = new Set<string>();
  const names = new Set<string>();
  for (const cls of d.migrations) {
    const name = typeof cls === 'function' ? migrationName(cls) : '';
    if (!/^[A-Za-z0-9_.-]{1,200}$/.test(name)) bad(`MIGRATIONS entry "${name}" is not a named migration class`);
    if (names.has(name)) bad(`two migrations are named "${name}"`);
    names.add(name);
    try {
      const statements = statementsNow(cls);
      if (!statements.length) throw new Error('up() adds no SQL with addSql() (before any await)');
      for (const t of checkMigrationSql(d.prefix, statements).created) created.add(t);
    } catch (e) {
      bad(`migration "${name}": ${(e as Error).message}`);
    }
  }
  for (const entity of d.entities) {
    if (!EntitySchema.is(entity)) bad('ENTITIES entries must be EntitySchema / defineEntity() definitions');
    const table = entityTable(entity);
    const label = `entity "${entity.meta.className}"`;
    if (!table) bad(`${label} needs an explicit tableName starting with "${d.prefix}"`);
    else if (entity.meta.schema || !table.startsWith(d.prefix))
      bad(`${label} uses table "${table}" outside the plugin's namespace "${d.prefix}*"`);
    else if (!created.has(table)) bad(`${label}: no migration creates its table "${table}"`);
  }
}

/**
 * ```ts
 * class Notes extends AppMixin(GraphQLMixin(InvenTreePlugin)) {
 *   static ENTITIES = [StockNote];              // tables plugin_<key>_...
 *   static MIGRATIONS = [CreateNotes, AddPinned]; // applied in this order at activation
 * }
 * ```
 */
export function AppMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class App extends Base {
    static ENTITIES: readonly PluginEntity[] = [];
    static MIGRATIONS: readonly PluginMigrationClass[] = [];

    /**
     * A fresh EntityManager that knows this plugin's entities (and the core ones), for tasks, events,
     * routes. Throws while the plugin's app part is off (global setting ENABLE_PLUGINS_APP).
     */
    em(): EntityManager {
      if (!appEnabled.has(this))
        throw new Error(
          `plugin '${this.key}': its tables are not in use (global setting ENABLE_PLUGINS_APP was off when it started)`,
        );
      return runtimeOf(this).orm.em.fork() as EntityManager;
    }

    /** The prefix every table of this plugin carries (`plugin_<key>_`). */
    get tablePrefix(): string {
      return tablePrefixOf(this.key);
    }
  }
  registerMixin(App, {
    name: 'app',
    humanName: 'App',
    validate(plugin) {
      validateAppDeclaration(plugin.key, appDeclarationOf(plugin));
    },
    enabled(plugin) {
      return appDeclarationOf(plugin).migrations.length > 0;
    },
  });
  return App;
}
