// installPlugin / uninstallPlugin: superuser only, and only while the global switch
// ENABLE_PLUGINS_INSTALL is on (off by default). Part of the base schema.
import { Arg, Ctx, Field, Mutation, ObjectType, Resolver, UseMiddleware } from 'type-graphql';
import { requireSuperuser } from '../../auth/guards.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { forbidden } from '../../graphql/errors.js';
import { refuseUnsafeText } from '../../graphql/text-input.js';
import type { PluginInstaller } from './installer.js';

declare module '../../graphql/context.js' {
  interface AppServices {
    /** Installs plugin packages from npm (absent when the plugin module is not running). */
    pluginInstaller?: PluginInstaller;
  }
}

export const INSTALL_SWITCH = 'ENABLE_PLUGINS_INSTALL';

@ObjectType('PluginPackageChange', { description: 'What installPlugin or uninstallPlugin did.' })
export class PluginPackageChangeType {
  @Field(() => String) packageName!: string;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { description: 'What the plugins file records after `<name>@` (version or file: tarball).' })
  spec!: string;
  @Field(() => [String], { description: 'Keys of the plugins the package provides (inactive after install).' })
  keys!: string[];
  @Field(() => [String], { description: 'Uninstall: plugins that were active and were deactivated first.' })
  deactivated!: string[];
  @Field(() => Boolean) deletedConfig!: boolean;
  @Field(() => Boolean) deletedData!: boolean;
}

async function installerOf(ctx: GraphQLContext, action: string): Promise<PluginInstaller> {
  const installer = ctx.app.pluginInstaller;
  const registry = ctx.app.plugins;
  if (!installer || !registry) throw new Error('The plugin registry is not running in this server');
  if (!registry.config.pluginsEnabled) throw forbidden(`${action}: plugins are disabled (PLUGINS_ENABLED=false)`);
  if (!(await registry.switches.isOnNow(INSTALL_SWITCH)))
    throw forbidden(`${action} is switched off: a staff user can turn on the global setting ${INSTALL_SWITCH}`);
  return installer;
}

@UseMiddleware(refuseUnsafeText)
@Resolver()
export class PluginInstallResolver {
  @Mutation(() => PluginPackageChangeType, {
    description:
      'Installs a plugin package from npm (name, optional version or range) or from the absolute path of an `npm pack` tarball, into DATA_DIR/plugins-installed (superuser; global setting ENABLE_PLUGINS_INSTALL). Its plugins are discovered inactive. A package that is not a PartGraph plugin is rolled back with BAD_USER_INPUT.',
  })
  async installPlugin(
    @Ctx() ctx: GraphQLContext,
    @Arg('packageName', () => String) packageName: string,
    @Arg('version', () => String, { nullable: true }) version?: string | null,
  ): Promise<PluginPackageChangeType> {
    const user = requireSuperuser(ctx, 'installPlugin');
    const installer = await installerOf(ctx, 'installPlugin');
    const done = await installer.install(packageName, version, user, 'graphql');
    return Object.assign(new PluginPackageChangeType(), {
      ...done,
      deactivated: [],
      deletedConfig: false,
      deletedData: false,
    });
  }

  @Mutation(() => PluginPackageChangeType, {
    description:
      'Uninstalls the package that provides plugin `key` (installed with installPlugin; or give the package name of one that no longer loads). Its active plugins are deactivated first. deleteConfig also deletes their PluginConfig rows and settings; deleteData also drops the tables their AppMixin migrations created (audited). Superuser; global setting ENABLE_PLUGINS_INSTALL.',
  })
  async uninstallPlugin(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('deleteConfig', () => Boolean, { defaultValue: false }) deleteConfig: boolean,
    @Arg('deleteData', () => Boolean, { defaultValue: false }) deleteData: boolean,
  ): Promise<PluginPackageChangeType> {
    const user = requireSuperuser(ctx, 'uninstallPlugin');
    const installer = await installerOf(ctx, 'uninstallPlugin');
    return Object.assign(
      new PluginPackageChangeType(),
      await installer.uninstall(key, { deleteConfig, deleteData }, user, 'graphql'),
    );
  }
}
