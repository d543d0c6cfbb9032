// What UI-mixin plugins add to the app (contract: docs/plugins.md "UI mixins"): panels on detail
// pages and dashboard items, each a same-origin page the plugin serves under /plugin/<slug>/,
// rendered in <iframe sandbox="allow-scripts allow-forms"> (no allow-same-origin: the panel cannot
// read the app's token or DOM); navigation entries; icons from icon packs, drawn as <img> (an SVG
// in an <img> runs no script). All re-queried on plugin.* events, so they follow toggles live.
// When the schema has no uiPanels/uiNavigation (UI mixins absent), nothing is shown.
import { useEffect, useState } from 'preact/hooks';
import { gql, hasRootField } from './api.js';
import { pluginEpoch } from './live.js';
import { session } from './session.js';
import { store, useStore } from './store.js';
import { Link } from './ui.js';

export type UiTarget = 'DASHBOARD' | 'PART' | 'PART_CATEGORY' | 'STOCK_ITEM' | 'STOCK_LOCATION';

interface UiPanel {
  key: string;
  pluginKey: string;
  title: string;
  icon: string | null;
  source: string;
  height: number | null;
}

interface NavItem {
  pluginKey: string;
  name: string;
  link: string;
  icon: string | null;
}

/** Re-runs `load` on mount, on dependency change and on every plugin change. */
function usePluginQuery<T>(load: () => Promise<T>, empty: T, deps: unknown[]): T {
  const epoch = useStore(pluginEpoch);
  const [value, setValue] = useState<T>(empty);
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are given by the caller
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue(v),
      () => live && setValue(empty),
    );
    return () => {
      live = false;
    };
  }, [epoch, ...deps]);
  return value;
}

export function panelUrl(panel: UiPanel, target: UiTarget, id?: string): string {
  const url = new URL(panel.source, location.origin);
  if (url.origin !== location.origin) return 'about:blank';
  if (!url.searchParams.has('target')) url.searchParams.set('target', target);
  if (id && !url.searchParams.has('id')) url.searchParams.set('id', id);
  return url.pathname + url.search;
}

export function Panels({ target, id }: { target: UiTarget; id?: string }) {
  const panels = usePluginQuery(
    async () =>
      !(await hasRootField('Query', 'uiPanels'))
        ? []
        : gql<{ uiPanels: UiPanel[] }>(
            'query($t: UiTarget!, $id: ID) { uiPanels(target: $t, id: $id) { key pluginKey title icon source height } }',
            { t: target, id: id ?? null },
          ).then((d) => d.uiPanels),
    [] as UiPanel[],
    [target, id],
  );
  if (!panels.length) return null;
  return (
    <section class="panels" aria-label="Plugin panels">
      {panels.map((p) => (
        <section class="panel" key={`${p.pluginKey}/${p.key}`} data-plugin={p.pluginKey}>
          <h2>
            <Icon id={p.icon} /> {p.title}
          </h2>
          <iframe
            title={`${p.title} (plugin ${p.pluginKey})`}
            src={panelUrl(p, target, id)}
            sandbox="allow-scripts allow-forms"
            referrerpolicy="same-origin"
            height={p.height ?? 240}
          />
        </section>
      ))}
    </section>
  );
}

/** Icons of every icon pack, by "<prefix>:<name>". */
const icons = store<Record<string, string>>({});

async function loadIcons(): Promise<void> {
  if (!session.get().token || !(await hasRootField('Query', 'iconPacks'))) return icons.set({});
  await gql<{ iconPacks: { prefix: string; icons: { name: string; svg: string }[] }[] }>(
    '{ iconPacks { prefix icons { name svg } } }',
  ).then(
    (d) => {
      const map: Record<string, string> = {};
      for (const pack of d.iconPacks) for (const i of pack.icons) map[`${pack.prefix}:${i.name}`] = i.svg;
      icons.set(map);
    },
    () => icons.set({}),
  );
}
pluginEpoch.subscribe(() => void loadIcons());
session.subscribe(() => void loadIcons());
void loadIcons();

export function Icon({ id }: { id: string | null | undefined }) {
  const all = useStore(icons);
  const svg = id ? all[id] : undefined;
  if (!svg) return null;
  return (
    <img
      class="icon"
      alt=""
      width={16}
      height={16}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
    />
  );
}

export function PluginNav({ current }: { current: string }) {
  const items = usePluginQuery(
    async () =>
      !(await hasRootField('Query', 'uiNavigation'))
        ? []
        : gql<{ uiNavigation: NavItem[] }>('{ uiNavigation { pluginKey name link icon } }').then((d) => d.uiNavigation),
    [] as NavItem[],
    [],
  );
  if (!items.length) return null;
  return (
    <ul class="plugin-nav" aria-label="Plugin pages">
      {items.map((i) => {
        const content = (
          <>
            <Icon id={i.icon} /> {i.name}
          </>
        );
        // Links to the plugin's own routes are server pages; app paths route in place.
        return (
          <li key={`${i.pluginKey}:${i.link}`} data-plugin={i.pluginKey}>
            {i.link.startsWith('/plugin/') || /^[a-z]+:/i.test(i.link) ? (
              <a href={i.link}>{content}</a>
            ) : (
              <Link href={i.link} aria-current={current === i.link ? 'page' : undefined}>
                {content}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
