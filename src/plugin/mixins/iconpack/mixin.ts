// IconPackMixin (InvenTree's IconPackMixin): a plugin ships icon packs `{ prefix, name, icons }`,
// used as icon ids "<prefix>:<name>" (categories, locations, navigation entries, panels). InvenTree
// ships icon fonts; PartGraph ships SVG, checked when the plugin loads (svg.ts: inert markup only)
// together with the prefix and icon names — a bad pack is a MixinImplementationError naming the
// plugin. Prefixes must be unique across ACTIVE plugins: that is checked where packs are served
// (admin.ts), since it depends on the active set.
import { MixinImplementationError } from '../../errors.js';
import type { InvenTreePlugin } from '../../plugin.js';
import { registerMixin, type PluginClass } from '../declare.js';
import { checkSvg, SvgError } from './svg.js';

/** One icon pack: icons are addressed as "<prefix>:<icon name>". */
export interface IconPack {
  /** Lower-case letters, digits and '-', starting with a letter (at most 32). */
  prefix: string;
  /** Human-readable name of the pack. */
  name: string;
  /** Icon name → SVG markup (`<svg …>…</svg>`). */
  icons: Readonly<Record<string, string>>;
}

export const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const ICON_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_ICONS = 1000;

interface IconPackStatics {
  ICON_PACKS?: unknown;
}

interface WithIconPacks {
  iconPacks?: () => unknown;
}

/** Checks a plugin's packs (shape, prefixes unique in the plugin, names, SVG); throws naming the plugin. */
export function checkIconPacks(plugin: InvenTreePlugin, packs: unknown): IconPack[] {
  const who = `plugin '${plugin.key}' (IconPackMixin)`;
  if (!Array.isArray(packs)) throw new MixinImplementationError(`${who}: ICON_PACKS must be a list of packs`);
  const prefixes = new Set<string>();
  return packs.map((pack: Partial<IconPack> | null, i) => {
    if (typeof pack !== 'object' || pack === null)
      throw new MixinImplementationError(`${who}: pack ${i} must be an object { prefix, name, icons }`);
    const { prefix, name, icons } = pack;
    if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix))
      throw new MixinImplementationError(
        `${who}: pack ${i} has prefix ${JSON.stringify(prefix)}; use lower-case letters, digits and "-" (a letter first, at most 32)`,
      );
    if (prefixes.has(prefix)) throw new MixinImplementationError(`${who}: prefix "${prefix}" is used by two packs`);
    prefixes.add(prefix);
    if (typeof name !== 'string' || !name.trim())
      throw new MixinImplementationError(`${who}: pack "${prefix}" needs a non-empty name`);
    if (typeof icons !== 'object' || icons === null || Array.isArray(icons))
      throw new MixinImplementationError(`${who}: pack "${prefix}" needs icons { name: svg }`);
    const entries = Object.entries(icons);
    if (entries.length === 0) throw new MixinImplementationError(`${who}: pack "${prefix}" has no icons`);
    if (entries.length > MAX_ICONS)
      throw new MixinImplementationError(`${who}: pack "${prefix}" has more than ${MAX_ICONS} icons`);
    const checked: Record<string, string> = {};
    for (const [iconName, svg] of entries) {
      if (!ICON_NAME_PATTERN.test(iconName))
        throw new MixinImplementationError(
          `${who}: icon "${prefix}:${iconName}" has a bad name; use lower-case letters, digits, "_" and "-"`,
        );
      try {
        checked[iconName] = checkSvg(svg);
      } catch (e) {
        if (e instanceof SvgError)
          throw new MixinImplementationError(`${who}: icon "${prefix}:${iconName}" ${e.message}`);
        throw e;
      }
    }
    return { prefix, name: name.trim(), icons: checked };
  });
}

/** The plugin's packs (checked), or [] when it has no IconPackMixin. */
export function iconPacksOf(plugin: InvenTreePlugin): IconPack[] {
  if (!plugin.hasMixin('iconpack')) return [];
  const read = (plugin as InvenTreePlugin & WithIconPacks).iconPacks;
  return checkIconPacks(plugin, typeof read === 'function' ? read.call(plugin) : []);
}

/**
 * `class P extends IconPackMixin(InvenTreePlugin) { static ICON_PACKS = [{ prefix: 'shop', name: 'Shop', icons: { cart: '<svg …>' } }] }`
 * makes "shop:cart" available while the plugin is active.
 */
export function IconPackMixin<TBase extends PluginClass>(Base: TBase) {
  abstract class IconPacks extends Base {
    static ICON_PACKS: readonly IconPack[] = [];

    /** The packs to serve. Default: the static ICON_PACKS; override to compute them (InvenTree's icon_packs()). */
    iconPacks(): readonly IconPack[] {
      return ((this.constructor as IconPackStatics).ICON_PACKS as readonly IconPack[] | undefined) ?? [];
    }
  }
  registerMixin(IconPacks, {
    name: 'iconpack',
    humanName: 'Icon packs',
    validate(plugin) {
      if (iconPacksOf(plugin).length === 0)
        throw new MixinImplementationError(
          `plugin '${plugin.key}' (IconPackMixin) declares no icon packs: set ICON_PACKS`,
        );
    },
  });
  return IconPacks;
}
