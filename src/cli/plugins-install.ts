// `partgraph plugins install <name|/abs/tarball.tgz> [version]` and
// `partgraph plugins uninstall <key> [--delete-config]`: the same installer as installPlugin /
// uninstallPlugin (plugins file, audit with source "cli", event, NOTIFY so running servers re-run
// discovery). Shell access to the server is superuser-equivalent, so ENABLE_PLUGINS_INSTALL
// (which gates the GraphQL mutations) does not apply here.
import { PluginInstaller } from '../plugin/install/installer.js';
import type { MikroORM } from '../db/orm.js';
import type { PluginRegistry } from '../plugin/registry/registry.js';

export const INSTALL_USAGE = 'plugins install NAME|/ABS/PATH.tgz [VERSION] | uninstall KEY [--delete-config]';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function installCommand(registry: PluginRegistry, orm: MikroORM, args: string[]): Promise<number> {
  const [sub, target, ...rest] = args;
  if (!target) {
    process.stderr.write(`usage: ${INSTALL_USAGE}\n`);
    return 2;
  }
  const installer = new PluginInstaller(registry.config, orm, registry, false);
  try {
    if (sub === 'install') {
      const done = await installer.install(target, rest[0] ?? null, null, 'cli');
      out(`installed ${done.packageName}@${done.version ?? '?'}: ${done.keys.join(', ')} (inactive; activate to use)`);
    } else {
      const unknown = rest.filter((a) => a !== '--delete-config');
      if (unknown.length) {
        process.stderr.write(`usage: ${INSTALL_USAGE}\n`);
        return 2;
      }
      const done = await installer.uninstall(
        target,
        { deleteConfig: rest.includes('--delete-config'), deleteData: false },
        null,
        'cli',
      );
      out(
        `uninstalled ${done.packageName}: ${done.keys.join(', ')}${done.deactivated.length ? ` (deactivated ${done.deactivated.join(', ')})` : ''}`,
      );
    }
    return 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}
