// `partgraph plugins …` (list, activate, deactivate, preview, status, migrations, migrate, install, uninstall, create) against the configured
// database. Changes go through the same registry code as the GraphQL API (validation, audit
// row with source "cli", NOTIFY), so a running server picks them up within a second.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import { PluginStateChange } from '../db/entities/index.js';
import { migrate, type MikroORM } from '../db/orm.js';
import { coreResolvers } from '../graphql/core-schema.js';
import { pluginAdminResolvers } from '../plugin/admin/resolvers.js';
import { PluginRegistry } from '../plugin/registry/registry.js';
import { withDatabase, type Command } from './database.js';
import { CREATE_USAGE, createPlugin, parseCreateArgs } from './scaffold/create.js';
import { INSTALL_USAGE, installCommand } from './plugins-install.js';
import { listMigrations, runMigrations } from './plugin-migrations.js';
import { parseArgs } from 'node:util';
import type { OperationImpact } from '../usage/classify.js';
import { changeImpact, sinceOf } from '../usage/impact.js';

const USAGE = `plugins list | activate KEY [--force] | deactivate KEY [--force] | preview KEY --on|--off [--window 30d] | status | migrations KEY | migrate KEY | ${INSTALL_USAGE} | ${CREATE_USAGE}`;

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function table(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    out(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
}

async function list(registry: PluginRegistry, orm: MikroORM): Promise<number> {
  const rows = await (orm.em.fork() as EntityManager).execute<Array<{ key: string; active: boolean }>>(
    'select key, active from plugin_configs',
  );
  const active = new Map(rows.map((r) => [r.key, r.active]));
  const lines = [['KEY', 'ACTIVE', 'SOURCE', 'VERSION', 'MIXINS', 'NOTES']];
  for (const r of registry.records()) {
    const notes = [
      r.isMandatory ? 'mandatory' : '',
      r.compatible ? '' : 'incompatible',
      ...registry.errorsOf(r).map((e) => `${e.stage} error`),
      r.warnings.length ? 'deprecated' : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push([
      r.key,
      active.get(r.key) ? 'yes' : 'no',
      r.candidate.source,
      r.meta.version ?? '-',
      r.mixins.join(',') || '-',
      notes,
    ]);
  }
  for (const m of registry.missing())
    lines.push([m.key, m.active ? 'yes' : 'no', 'missing', '-', '-', 'not found at discovery']);
  table(lines);
  return 0;
}

async function status(registry: PluginRegistry, orm: MikroORM): Promise<number> {
  const em = orm.em.fork() as EntityManager;
  const rows = await em.execute<Array<{ key: string }>>('select key from plugin_configs where active order by key');
  out(
    `plugins enabled: ${registry.config.pluginsEnabled ? 'yes' : 'no'}; samples: ${registry.config.pluginTesting ? 'yes' : 'no'}`,
  );
  out(`discovered: ${registry.records().length}`);
  out(`active (configured): ${rows.map((r) => r.key).join(', ') || '(none)'}`);
  const missing = registry.missing();
  if (missing.length) out(`missing: ${missing.map((m) => m.key).join(', ')}`);
  const errors = registry.errors();
  out(`errors: ${errors.length}`);
  for (const e of errors) out(`  [${e.stage}] ${e.key ?? e.path}: ${e.message}`);
  const changes = await em.find(PluginStateChange, {}, { orderBy: { id: 'desc' }, limit: 10, populate: ['user'] });
  if (changes.length) out('recent changes:');
  for (const c of changes)
    out(
      `  ${c.createdAt.toISOString()} ${c.pluginKey} ${c.fromActive ? 'on' : 'off'} -> ${c.toActive ? 'on' : 'off'} (${c.source}${c.user ? `, ${c.user.username}` : ''})`,
    );
  return 0;
}

function printImpacts(operations: readonly OperationImpact[]): void {
  for (const o of operations) {
    const clients = o.clients.map((c) => `${c.name}@${c.version} (${c.count})`).join(', ');
    out(
      `  ${o.classification} ${o.operationType} ${o.operationName ?? '(anonymous)'} ${o.hash.slice(0, 12)}: ${o.count} call(s), last ${o.lastSeen.toISOString()}; clients: ${clients}`,
    );
    for (const e of o.errors) out(`    ${e}`);
  }
}

async function setActive(
  registry: PluginRegistry,
  key: string | undefined,
  active: boolean,
  force: boolean,
): Promise<number> {
  if (!key) {
    process.stderr.write(`usage: ${USAGE}\n`);
    return 2;
  }
  let broken: OperationImpact[] = [];
  try {
    await registry.activate(key, active, null, 'cli', { force, onGuard: (r) => (broken = r.broken) });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    const ops = (e as { extensions?: { code?: string } }).extensions;
    if (ops?.code === 'BREAKING_CHANGE') return 3;
    return 1;
  }
  out(`plugin ${key} ${active ? 'activated' : 'deactivated'}${force ? ' (forced)' : ''}`);
  if (broken.length) {
    out(`warning: this broke ${broken.length} operation(s) clients sent in the last 30 days:`);
    printImpacts(broken);
  }
  return 0;
}

async function preview(
  registry: PluginRegistry,
  orm: MikroORM,
  key: string | undefined,
  args: string[],
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { on: { type: 'boolean' }, off: { type: 'boolean' }, window: { type: 'string', default: '30d' } },
  });
  if (!key || values.on === values.off) {
    process.stderr.write(`usage: plugins preview KEY --on|--off [--window 30d]\n`);
    return 2;
  }
  const active = values.on === true;
  try {
    const since = sinceOf(values.window!);
    const p = await registry.previewToggle(key, active);
    const { diff, classified } = await changeImpact(orm.em.fork() as EntityManager, p.before, p.after, since);
    out(`plugin ${key} ${active ? 'on' : 'off'}: schema ${p.hashBefore} -> ${p.hashAfter}`);
    for (const c of diff.changes)
      out(
        `  ${c.change.padEnd(7)} ${c.kind.padEnd(11)} ${c.coordinate}${c.breaking ? ' [breaking]' : c.dangerous ? ' [dangerous]' : ''}`,
      );
    const broken = classified.operations.filter((o) => o.classification === 'BROKEN').length;
    out(
      `operations in the last ${values.window}: ${broken} broken, ${classified.operations.length - broken} potentially affected, ${classified.unaffectedCount} unaffected`,
    );
    printImpacts(classified.operations);
    return broken ? 3 : 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}

/** Scaffolds a plugin package; needs no database. */
async function create(args: string[]): Promise<number> {
  try {
    const dir = await createPlugin(parseCreateArgs(args));
    out(`created plugin package in ${dir}`);
    out(`next: cd ${dir} && npm install && npm test`);
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: ${CREATE_USAGE}\n`);
    return 2;
  }
}

export const pluginsCommand: Command = {
  summary: USAGE,
  async run(args: string[], config: AppConfig): Promise<number> {
    const [sub, key, ...rest] = args;
    if (sub === 'create') return create(args.slice(1));
    if (
      !sub ||
      ![
        'list',
        'activate',
        'deactivate',
        'status',
        'preview',
        'install',
        'uninstall',
        'migrations',
        'migrate',
      ].includes(sub)
    ) {
      process.stderr.write(`usage: ${USAGE}\n`);
      return 2;
    }
    return withDatabase(config, async (orm) => {
      await migrate(orm);
      const registry = new PluginRegistry();
      // Discovery only; activate() loads the target set itself to validate the change.
      await registry.start({
        config,
        orm,
        baseResolvers: [...coreResolvers, ...pluginAdminResolvers],
        activate: false,
      });
      try {
        if (sub === 'list') return await list(registry, orm);
        if (sub === 'status') return await status(registry, orm);
        if (sub === 'install' || sub === 'uninstall') return await installCommand(registry, orm, args);
        if (sub === 'migrations' || sub === 'migrate') {
          try {
            return await (sub === 'migrate' ? runMigrations : listMigrations)(registry, orm, key);
          } catch (e) {
            process.stderr.write(`${(e as Error).message}\n`);
            return 1;
          }
        }
        if (sub === 'preview') return await preview(registry, orm, key, rest);
        return await setActive(registry, key, sub === 'activate', rest.includes('--force'));
      } finally {
        await registry.stop();
      }
    });
  },
};
