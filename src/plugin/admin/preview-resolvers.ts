// Staff previews of schema changes (safe toggles): previewPluginChange (what turning one plugin
// on or off would add, remove and break among the operations clients sent) and
// previewGlobalSwitchChange (the same for ENABLE_PLUGINS_GRAPHQL). Nothing changes.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { requireStaff } from '../../auth/guards.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { PluginChangePreviewType } from '../../usage/graphql-types.js';
import { changeImpact, sinceOf } from '../../usage/impact.js';
import type { SchemaPreview } from '../registry/registry.js';
import { registryOf } from './registry-of.js';

async function answer(
  ctx: GraphQLContext,
  key: string,
  active: boolean,
  preview: SchemaPreview,
  since: Date,
): Promise<PluginChangePreviewType> {
  const impact = await changeImpact(ctx.em, preview.before, preview.after, since);
  return PluginChangePreviewType.from(
    { key, active, hashBefore: preview.hashBefore, hashAfter: preview.hashAfter },
    impact.diff,
    impact.classified,
  );
}

@Resolver()
export class PluginPreviewResolver {
  @Query(() => PluginChangePreviewType, {
    description:
      'What turning a plugin on or off would change, and which operations clients sent within the window it would break (staff). Changes nothing.',
  })
  async previewPluginChange(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('active', () => Boolean) active: boolean,
    @Arg('window', () => String, { defaultValue: '30d', description: 'A duration: "30d", "12h", "90m", "2w".' })
    window: string,
  ): Promise<PluginChangePreviewType> {
    requireStaff(ctx, 'previewPluginChange');
    const since = sinceOf(window);
    return answer(ctx, key, active, await registryOf(ctx).previewToggle(key, active), since);
  }

  @Query(() => PluginChangePreviewType, {
    description:
      'What reloadPlugins (collect: true) would change and break (staff): plugin files are discovered again, nothing is applied. key is "reload".',
  })
  async previewReloadPlugins(
    @Ctx() ctx: GraphQLContext,
    @Arg('window', () => String, { defaultValue: '30d' }) window: string,
  ): Promise<PluginChangePreviewType> {
    requireStaff(ctx, 'previewReloadPlugins');
    const since = sinceOf(window);
    return answer(ctx, 'reload', true, await registryOf(ctx).previewReload(), since);
  }

  @Query(() => PluginChangePreviewType, {
    description:
      'The same preview for a schema-shaping global switch (ENABLE_PLUGINS_GRAPHQL): key is the switch, active its new value (staff).',
  })
  async previewGlobalSwitchChange(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('active', () => Boolean) active: boolean,
    @Arg('window', () => String, { defaultValue: '30d' }) window: string,
  ): Promise<PluginChangePreviewType> {
    requireStaff(ctx, 'previewGlobalSwitchChange');
    const since = sinceOf(window);
    return answer(ctx, key, active, await registryOf(ctx).previewSwitch(key, active), since);
  }
}
