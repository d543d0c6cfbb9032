// UserInterfaceMixin's GraphQL: `uiPanels(target, id)` (any signed-in user) asks every ACTIVE
// plugin with the mixin, in key order and concurrently, for its panels (or dashboard items for
// target DASHBOARD). A plugin that throws, hangs past UI_ANSWER_TIMEOUT_MS or answers something
// invalid loses only its own panels: the problem is logged and recorded on it, never the query.
// With the global switch ENABLE_PLUGINS_INTERFACE off no plugin is asked and the answer is empty.
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { isStaff, requireUser } from '../../../auth/guards.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { badInput } from '../../../graphql/errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { activeWithMixin, problemText, recordUiProblem, switchOn, withTimeout } from '../ui-support.js';
import { checkUiFeatures, type CheckedFeature, UiFeatureError } from './features.js';
import type { UiAnswer, UiContext, UiTarget } from './mixin.js';

/** How long one plugin may take to answer before its panels are left out. */
export const UI_ANSWER_TIMEOUT_MS = 5000;

/** The global switch that turns every plugin's panels and dashboard items off (InvenTree's name). */
export const INTERFACE_SWITCH = 'ENABLE_PLUGINS_INTERFACE';

enum UiTargetEnum {
  DASHBOARD = 'DASHBOARD',
  PART = 'PART',
  PART_CATEGORY = 'PART_CATEGORY',
  STOCK_ITEM = 'STOCK_ITEM',
  STOCK_LOCATION = 'STOCK_LOCATION',
}
registerEnumType(UiTargetEnum, {
  name: 'UiTarget',
  description: 'Where plugin panels go: the dashboard or the detail page of a part, category, stock item or location.',
});

@ObjectType('UiPanel', {
  description:
    "A plugin's panel or dashboard item (InvenTree's UserInterfaceMixin): a page the plugin serves, shown in a sandboxed iframe.",
})
export class UiPanelType {
  @Field(() => String, { description: "Unique among the plugin's panels." }) key!: string;
  @Field(() => String, { description: 'Key of the plugin that contributes it.' }) pluginKey!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true, description: 'Icon id, e.g. "prefix:name".' }) icon!: string | null;
  @Field(() => String, {
    description:
      'Same-origin URL under /plugin/<slug>/ served by the plugin; load it in <iframe sandbox="allow-scripts allow-forms"> adding ?target=<target>&id=<id> when absent.',
  })
  source!: string;
  @Field(() => Int, { nullable: true, description: 'Suggested height in CSS pixels.' }) height!: number | null;
}

type UiPlugin = InvenTreePlugin & {
  getUiPanels(context: UiContext): UiAnswer | Promise<UiAnswer>;
  getUiDashboardItems(context: UiContext): UiAnswer | Promise<UiAnswer>;
};

/** One plugin's checked panels, or [] (problem recorded) when it fails. */
async function panelsOf(ctx: GraphQLContext, plugin: UiPlugin, context: UiContext): Promise<CheckedFeature[]> {
  const method = context.target === 'DASHBOARD' ? 'getUiDashboardItems' : 'getUiPanels';
  const what = `${method}(${context.target})`;
  try {
    const answer = await withTimeout(
      (async () => plugin[method]({ ...context, user: { ...context.user } }))(),
      UI_ANSWER_TIMEOUT_MS,
      what,
    );
    return checkUiFeatures(plugin, answer, what);
  } catch (e) {
    const why = e instanceof UiFeatureError ? e.message : `${what} failed: ${problemText(e)}`;
    recordUiProblem(ctx, plugin.key, `ui panels left out: ${why}`);
    return [];
  }
}

@Resolver()
export class UiPanelsResolver {
  @Query(() => [UiPanelType], {
    description:
      'Panels of the active plugins with UserInterfaceMixin for a page (dashboard items for DASHBOARD), in plugin key order; none while ENABLE_PLUGINS_INTERFACE is off. Signed-in users.',
  })
  async uiPanels(
    @Ctx() ctx: GraphQLContext,
    @Arg('target', () => UiTargetEnum) target: UiTargetEnum,
    @Arg('id', () => ID, { nullable: true, description: 'The object on the page; ignored for DASHBOARD.' })
    id?: string | null,
  ): Promise<UiPanelType[]> {
    const user = requireUser(ctx);
    if (id !== null && id !== undefined && !/^[1-9][0-9]{0,15}$/.test(id))
      throw badInput(`id must be the id of a ${target.toLowerCase().replace('_', ' ')}`, 'id');
    const context: UiContext = {
      target: target as UiTarget,
      id: target === UiTargetEnum.DASHBOARD ? null : (id ?? null),
      user: { id: String(user.id), username: user.username, isStaff: isStaff(user), isSuperuser: user.isSuperuser },
    };
    if (!(await switchOn(ctx, INTERFACE_SWITCH))) return [];
    const plugins = activeWithMixin(ctx, 'ui') as UiPlugin[];
    const answers = await Promise.all(plugins.map((p) => panelsOf(ctx, p, context)));
    return plugins.flatMap((plugin, i) =>
      answers[i]!.map((f) => Object.assign(new UiPanelType(), { pluginKey: plugin.key, ...f })),
    );
  }
}
