// IconPackMixin's load-time check and how active plugins' packs are served: a prefix is unique
// across plugins, the first in key order keeps it, the duplicate names both plugins (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinImplementationError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { IconPackMixin, type IconPack } from './mixin.js';
import { servedIconPacks } from './served.js';

const STAR = '<svg viewBox="0 0 2 2"><path d="M1 0L2 2H0z"/></svg>';

function packPlugin(key: string, packs: unknown): InvenTreePlugin {
  class P extends IconPackMixin(InvenTreePlugin) {
    static override NAME = key;
    static override ICON_PACKS = packs as IconPack[];
  }
  return new (P as unknown as new () => InvenTreePlugin)();
}

const validate = (p: InvenTreePlugin) => mixinDefinition('iconpack')!.validate!(p);
const refused = (packs: unknown, message: RegExp) =>
  assert.throws(
    () => validate(packPlugin('icons-test', packs)),
    (e: Error) => e instanceof MixinImplementationError && /icons-test/.test(e.message) && message.test(e.message),
  );

describe('IconPackMixin', () => {
  it('accepts packs with a good prefix, names and SVG', () => {
    validate(packPlugin('icons-test', [{ prefix: 'shop', name: 'Shop', icons: { cart: STAR, 'cart-2': STAR } }]));
  });

  it('refuses bad packs, naming the plugin and the icon', () => {
    refused([], /declares no icon packs/);
    refused([{ prefix: 'Shop', name: 'x', icons: { a: STAR } }], /prefix "Shop"/);
    refused([{ prefix: 'a:b', name: 'x', icons: { a: STAR } }], /prefix/);
    refused([{ prefix: 'shop', name: '', icons: { a: STAR } }], /non-empty name/);
    refused([{ prefix: 'shop', name: 'x', icons: {} }], /no icons/);
    refused([{ prefix: 'shop', name: 'x', icons: { 'Bad Name': STAR } }], /"shop:Bad Name" has a bad name/);
    refused([{ prefix: 'shop', name: 'x', icons: { evil: '<svg onload="x()"></svg>' } }], /"shop:evil".*event handler/);
    refused(
      [
        { prefix: 'shop', name: 'x', icons: { a: STAR } },
        { prefix: 'shop', name: 'y', icons: { b: STAR } },
      ],
      /used by two packs/,
    );
  });

  it('serves each prefix once: the first plugin in key order keeps it, the other is named with it', () => {
    const b = packPlugin('icons-b', [{ prefix: 'shared', name: 'B', icons: { x: STAR } }]);
    const a = packPlugin('icons-a', [
      { prefix: 'shared', name: 'A', icons: { x: STAR } },
      { prefix: 'only-a', name: 'A2', icons: { y: STAR } },
    ]);
    const { packs, problems } = servedIconPacks([b, a]);
    assert.deepEqual(
      packs.map((p) => `${p.pluginKey}/${p.prefix}`),
      ['icons-a/shared', 'icons-a/only-a'],
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.pluginKey, 'icons-b');
    assert.match(problems[0]!.message, /prefix "shared" of plugin 'icons-b' is already used by plugin 'icons-a'/);
  });
});
