// NavigationMixin's load-time check: name non-empty, link a path on this server (relative links
// resolved under /plugin/<slug>/), never javascript: or another origin (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MixinNotImplementedError } from '../../errors.js';
import { InvenTreePlugin } from '../../plugin.js';
import { mixinDefinition } from '../declare.js';
import { NavigationMixin, type NavigationEntry, navigationOf } from './mixin.js';

function navPlugin(entries: unknown): InvenTreePlugin {
  class P extends NavigationMixin(InvenTreePlugin) {
    static override NAME = 'nav-test';
    static override NAVIGATION = entries as NavigationEntry[];
  }
  return new (P as unknown as new () => InvenTreePlugin)();
}

const validate = (p: InvenTreePlugin) => mixinDefinition('navigation')!.validate!(p);
const refused = (entries: unknown, message: RegExp) =>
  assert.throws(
    () => validate(navPlugin(entries)),
    (e: Error) => e instanceof MixinNotImplementedError && /nav-test/.test(e.message) && message.test(e.message),
  );

describe('NavigationMixin', () => {
  it('resolves relative links under the plugin and keeps app paths', () => {
    const p = navPlugin([
      { name: 'Page', link: 'page', icon: 'x:star' },
      { name: ' Parts ', link: '/parts' },
    ]);
    validate(p);
    assert.deepEqual(navigationOf(p), [
      { name: 'Page', link: '/plugin/nav-test/page', icon: 'x:star' },
      { name: 'Parts', link: '/parts', icon: null },
    ]);
    assert.equal(p.mixinEnabled('navigation'), true);
    assert.equal(navPlugin([]).mixinEnabled('navigation'), false);
  });

  it('refuses entries without a name or link', () => {
    refused([{ name: '', link: 'page' }], /non-empty name/);
    refused([{ link: 'page' }], /non-empty name/);
    refused([{ name: 'x' }], /link must be a non-empty string/);
    refused(['page'], /must be an object/);
    refused({ name: 'x', link: 'y' }, /must be a list/);
  });

  it('refuses javascript:, other origins and escapes from the plugin prefix', () => {
    refused([{ name: 'x', link: 'javascript:alert(1)' }], /scheme/);
    refused([{ name: 'x', link: 'https://evil.example/' }], /scheme/);
    refused([{ name: 'x', link: '//evil.example/' }], /another origin/);
    refused([{ name: 'x', link: '../other/page' }], /segments/);
    refused([{ name: 'x', link: 'page', icon: '<svg>' }], /icon must be an icon id/);
  });
});
