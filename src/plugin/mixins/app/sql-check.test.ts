// The static check of plugin migration SQL: what is allowed inside the plugin's namespace, what is
// refused (core tables, other schemas, unknown statement kinds, several statements in one string).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMigrationSql, tablePrefixOf } from './sql-check.js';

const P = tablePrefixOf('stock-notes');

function refused(sql: string, pattern: RegExp): void {
  assert.throws(() => checkMigrationSql(P, [sql]), pattern, sql);
}

describe('tablePrefixOf', () => {
  it('lowercases the key and turns anything but letters and digits into _', () => {
    assert.equal(tablePrefixOf('stock-notes'), 'plugin_stock_notes_');
    assert.equal(tablePrefixOf('My.Plugin--2'), 'plugin_my_plugin_2_');
  });
});

describe('checkMigrationSql', () => {
  it('accepts the usual DDL and DML on its own tables and reports the tables created', () => {
    const r = checkMigrationSql(P, [
      'create table "plugin_stock_notes_note" ("id" serial primary key, "item_id" int references "stock_items" ("id"))',
      'CREATE TABLE IF NOT EXISTS public.plugin_stock_notes_tag (id int);',
      'alter table "plugin_stock_notes_note" add column "pinned" boolean not null default false',
      'create unique index "plugin_stock_notes_note_idx" on "plugin_stock_notes_note" ("item_id")',
      'create index on plugin_stock_notes_tag (id)',
      'insert into plugin_stock_notes_tag (id) select id from stock_items',
      'update only "plugin_stock_notes_note" set pinned = true',
      'delete from plugin_stock_notes_tag where id < 0',
      "comment on table plugin_stock_notes_note is 'notes'",
      '-- a comment\n/* block */ drop table if exists plugin_stock_notes_tag, "plugin_stock_notes_old"',
      'drop index if exists "plugin_stock_notes_note_idx"',
      'alter table plugin_stock_notes_note rename column pinned to starred',
    ]);
    assert.deepEqual(r.created, ['plugin_stock_notes_note', 'plugin_stock_notes_tag']);
  });

  it("refuses creating, altering, dropping or writing core tables and other plugins' tables", () => {
    const outside = /outside the plugin's namespace "plugin_stock_notes_\*"/;
    refused('create table "users_extra" (id int)', outside);
    refused('alter table "stock_items" add column x int', outside);
    refused('ALTER TABLE ONLY public.parts DROP COLUMN name', outside);
    refused('drop table plugin_stock_notes_note, parts', outside);
    refused('create index "plugin_stock_notes_i" on "parts" ("name")', outside);
    refused("insert into users (username) values ('x')", outside);
    refused('update stock_items set quantity = 0', outside);
    refused('delete from plugin_configs', outside);
    refused('create table plugin_other_thing (id int)', outside);
    refused('create table plugin_stock_notes_ (id int)', outside);
    refused('alter table plugin_stock_notes_note rename to parts_backup', outside);
    refused('create index "parts_name_idx" on "plugin_stock_notes_note" ("text")', /index "parts_name_idx"/);
  });

  it('refuses other schemas, moving tables between schemas and anything it cannot read', () => {
    refused('create table other.plugin_stock_notes_x (id int)', /schema "other"/);
    refused('alter table plugin_stock_notes_note set schema other', /another schema/);
    refused('create table plugin_stock_notes_a (id int); drop table parts', /one statement per addSql/);
    for (const sql of [
      'do $$ begin drop table parts end $$',
      'create function f() returns int as $$ select 1 $$ language sql',
      'create trigger t after insert on plugin_stock_notes_note execute function f()',
      'grant all on parts to public',
      'truncate parts',
      'select 1',
    ])
      refused(sql, /statement not allowed in a plugin migration/);
  });
});
