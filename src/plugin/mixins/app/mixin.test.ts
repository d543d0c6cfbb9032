// AppMixin's load-time checks on a declaration: entities inside the namespace and created by a
// migration, migrations that are named, unique and addSql-only; each refusal names the plugin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { MixinImplementationError } from '../../errors.js';
import { validateAppDeclaration, type AppDeclaration, type PluginMigrationClass } from './mixin.js';

const prefix = 'plugin_demo_';

function migration(name: string, statements: string[]): PluginMigrationClass {
  const cls = class extends Migration {
    override async up(): Promise<void> {
      for (const s of statements) this.addSql(s);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

const entity = (name: string, tableName?: string) =>
  new EntitySchema({ name, tableName, properties: { id: { type: 'integer', primary: true } } });

function check(d: Partial<AppDeclaration>): void {
  validateAppDeclaration('demo', { prefix, entities: [], migrations: [], ...d });
}

function refuses(d: Partial<AppDeclaration>, pattern: RegExp): void {
  assert.throws(
    () => check(d),
    (e: unknown) => {
      assert.ok(e instanceof MixinImplementationError);
      assert.match(e.message, /^plugin 'demo' \(AppMixin\): /);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('validateAppDeclaration', () => {
  const create = migration('CreateThing', ['create table plugin_demo_thing (id int)']);

  it('accepts entities whose tables its migrations create', () => {
    check({ entities: [entity('DemoThing', 'plugin_demo_thing')], migrations: [create] });
  });

  it('refuses an empty MIGRATIONS list and duplicate names', () => {
    refuses({}, /MIGRATIONS is empty/);
    refuses({ migrations: [create, create] }, /two migrations are named "CreateThing"/);
  });

  it('refuses an entity outside the namespace, without a tableName, or with no migration creating it', () => {
    refuses({ entities: [entity('Users2', 'users')], migrations: [create] }, /"Users2" uses table "users" outside/);
    refuses({ entities: [entity('NoTable')], migrations: [create] }, /"NoTable" needs an explicit tableName/);
    refuses(
      { entities: [entity('Other', 'plugin_demo_other')], migrations: [create] },
      /"Other": no migration creates its table "plugin_demo_other"/,
    );
  });

  it('refuses a migration touching core tables, naming the migration', () => {
    refuses(
      { migrations: [migration('Sneaky', ['alter table parts add column x int'])] },
      /migration "Sneaky": statement touches table "parts"/,
    );
  });

  it('refuses a migration that runs SQL itself instead of addSql', () => {
    const direct = class Direct extends Migration {
      override async up(): Promise<void> {
        await this.execute('drop table parts');
      }
    };
    refuses({ migrations: [direct] }, /migration "Direct": up\(\) adds no SQL with addSql\(\)/);
  });
});
