// What a UserInterfaceMixin plugin may answer: key, title, optional icon and height, and a source
// that one of the plugin's own public GET routes serves (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvenTreePlugin } from '../../plugin.js';
import { UrlsMixin, type PluginRoute } from '../urls/mixin.js';
import { checkUiFeatures, UiFeatureError } from './features.js';
import { UserInterfaceMixin } from './mixin.js';

const ROUTES: PluginRoute[] = [
  { path: 'panel', access: 'public', handler: () => '' },
  { path: 'items/:id', access: 'public', handler: () => '' },
  { path: 'private', handler: () => '' },
  { method: 'POST', path: 'posted', access: 'public', handler: () => '' },
];

class Panels extends UserInterfaceMixin(UrlsMixin(InvenTreePlugin)) {
  static override NAME = 'ui-test';
  static override URLS = ROUTES;
}
const plugin = new Panels();
const check = (answer: unknown) => checkUiFeatures(plugin, answer, 'getUiPanels(PART)');
const refused = (feature: Record<string, unknown>, message: RegExp) =>
  assert.throws(
    () => check([{ key: 'k', title: 'T', source: 'panel', ...feature }]),
    (e: Error) => {
      assert.ok(e instanceof UiFeatureError, String(e));
      assert.match(e.message, message);
      return true;
    },
  );

describe('checkUiFeatures', () => {
  it('accepts sources served by public GET routes, relative or absolute, with a query', () => {
    assert.deepEqual(
      check([
        { key: 'a', title: 'A', source: 'panel' },
        { key: 'b', title: ' B ', icon: 'x:star', height: 200, source: '/plugin/ui-test/items/3?mode=full' },
      ]),
      [
        { key: 'a', title: 'A', icon: null, source: '/plugin/ui-test/panel', height: null },
        { key: 'b', title: 'B', icon: 'x:star', source: '/plugin/ui-test/items/3?mode=full', height: 200 },
      ],
    );
    assert.deepEqual(check(null), []);
    assert.deepEqual(check(undefined), []);
  });

  it('refuses sources on another origin, outside the plugin, or not served publicly by GET', () => {
    refused({ source: 'https://evil.example/panel' }, /scheme/);
    refused({ source: 'javascript:alert(1)' }, /scheme/);
    refused({ source: '//evil.example/panel' }, /another origin/);
    refused({ source: '/plugin/other/panel' }, /not under the plugin's own routes/);
    refused({ source: '/parts' }, /not under the plugin's own routes/);
    refused({ source: '../other/panel' }, /segments/);
    refused({ source: 'missing' }, /not served by a GET route/);
    refused({ source: 'posted' }, /not served by a GET route/);
    refused({ source: 'private' }, /access: 'public'/);
    refused({ source: undefined }, /source must be a non-empty string/);
  });

  it('refuses bad keys, titles, icons and heights, and duplicate keys', () => {
    refused({ key: '' }, /key must be/);
    refused({ key: 'a b' }, /key must be/);
    refused({ title: ' ' }, /title/);
    refused({ icon: 'javascript:x()' }, /icon/);
    refused({ height: 0 }, /height/);
    refused({ height: 1.5 }, /height/);
    assert.throws(() => check({ key: 'x' }), /must answer a list/);
    assert.throws(
      () =>
        check([
          { key: 'a', title: 'A', source: 'panel' },
          { key: 'a', title: 'B', source: 'panel' },
        ]),
      /"a": key is used twice/,
    );
  });

  it('refuses a source when the plugin has no UrlsMixin', () => {
    class NoRoutes extends UserInterfaceMixin(InvenTreePlugin) {
      static override NAME = 'ui-no-routes';
    }
    assert.throws(
      () => checkUiFeatures(new NoRoutes(), [{ key: 'a', title: 'A', source: 'panel' }], 'getUiPanels(PART)'),
      /not served by a GET route/,
    );
  });
});
