// Sample (loaded with PLUGIN_TESTING): the UI mixins together. While active it adds
//   - a PART panel "Sample panel" (page /plugin/ui-sample/panel?target=PART&id=<id>, plain HTML,
//     no script, no external resources) and a dashboard item "Sample dashboard item";
//   - the navigation entry "UI sample" → /plugin/ui-sample/page, with the icon "uisample:star";
//   - the icon pack "uisample" (icon "star");
//   - the field Part.uiSampleBadge.
// The three pages are public UrlsMixin routes: the app loads them in an iframe or by plain
// navigation, which send no token; they show nothing that is not in their query string.
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { InvenTreePlugin, Part } from '../index.js';
import {
  escapeHtml,
  GraphQLMixin,
  IconPackMixin,
  NavigationMixin,
  sendPanelPage,
  UrlsMixin,
  UserInterfaceMixin,
  type IconPack,
  type NavigationEntry,
  type PluginRequest,
  type PluginRoute,
  type UiContext,
  type UiFeature,
} from '../mixins/index.js';

const STAR =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M12 2l3.1 6.3 6.9 1-5 4.9 1.2 6.8L12 17.8 5.8 21l1.2-6.8-5-4.9 6.9-1z"/></svg>';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:8px;color:#1d2733}</style></head>
<body>${body}</body>
</html>
`;
}

/** The id from ?id=, when it is one (anything else is shown as "unknown"). */
function idFrom(url: URL): string {
  const id = url.searchParams.get('id') ?? '';
  return /^[1-9][0-9]{0,15}$/.test(id) ? id : 'unknown';
}

@Resolver(() => Part)
export class UiSampleResolver {
  @FieldResolver(() => String, { nullable: true, description: 'A badge text from the UI sample plugin.' })
  uiSampleBadge(@Root() part: Part): string {
    return `UI sample badge for ${part.name}`;
  }
}

export class UiSamplePlugin extends NavigationMixin(
  UserInterfaceMixin(IconPackMixin(UrlsMixin(GraphQLMixin(InvenTreePlugin)))),
) {
  static override NAME = 'UI Sample';
  static override SLUG = 'ui-sample';
  static override DESCRIPTION = 'Sample: a part panel, a dashboard item, a navigation entry and an icon pack.';
  static override VERSION = '1.0.0';
  static override NAVIGATION: NavigationEntry[] = [
    { name: 'UI sample', link: '/plugin/ui-sample/page', icon: 'uisample:star' },
  ];
  static override ICON_PACKS: IconPack[] = [{ prefix: 'uisample', name: 'UI sample icons', icons: { star: STAR } }];
  static override GRAPHQL_RESOLVERS = [UiSampleResolver];

  override setupUrls(): PluginRoute[] {
    return [
      {
        path: 'panel',
        access: 'public',
        handler: ({ res, url }: PluginRequest) => {
          const text = `Sample panel for part ${idFrom(url)}`;
          sendPanelPage(res, page('Sample panel', `<p>${escapeHtml(text)}</p>`));
        },
      },
      {
        path: 'dashboard',
        access: 'public',
        handler: ({ res }: PluginRequest) =>
          sendPanelPage(res, page('Sample dashboard item', '<p>Sample dashboard item</p>')),
      },
      {
        path: 'page',
        access: 'public',
        handler: ({ res }: PluginRequest) =>
          sendPanelPage(
            res,
            page(
              'UI sample',
              '<h1>UI sample</h1><p>A page served by the ui-sample plugin.</p><p><a href="/">Back to the app</a></p>',
            ),
          ),
      },
    ];
  }

  override getUiPanels(context: UiContext): UiFeature[] {
    if (context.target !== 'PART') return [];
    return [
      {
        key: 'sample-panel',
        title: 'Sample panel',
        icon: 'uisample:star',
        source: '/plugin/ui-sample/panel',
        height: 120,
      },
    ];
  }

  override getUiDashboardItems(): UiFeature[] {
    return [
      { key: 'sample-dashboard', title: 'Sample dashboard item', source: '/plugin/ui-sample/dashboard', height: 80 },
    ];
  }
}
