// Links and page sources of the UI mixins read as same-origin paths (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppPathError, appPath } from './app-path.js';

describe('appPath', () => {
  it('resolves relative paths under /plugin/<slug>/ and keeps app paths', () => {
    assert.equal(appPath('page', 'ui-x'), '/plugin/ui-x/page');
    assert.equal(appPath('items/7?tab=a#top', 'ui-x'), '/plugin/ui-x/items/7?tab=a#top');
    assert.equal(appPath('/parts', 'ui-x'), '/parts');
    assert.equal(appPath('/plugin/ui-x/panel', 'ui-x', { underPlugin: true }), '/plugin/ui-x/panel');
  });

  it('refuses schemes, other origins and things browsers reinterpret', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'https://evil.example/x',
      'data:text/html,<b>',
      '//evil.example/x',
      '/\\evil.example',
      'java\tscript:alert(1)',
      ' /parts',
      '/a b',
      '',
      42,
      null,
    ])
      assert.throws(() => appPath(bad, 'ui-x'), AppPathError, String(bad));
  });

  it('refuses dot segments, also percent-encoded, and malformed escapes', () => {
    for (const bad of ['../other/page', '/plugin/ui-x/../other', '%2e%2e/other', 'a/./b', '/%zz'])
      assert.throws(() => appPath(bad, 'ui-x'), AppPathError, bad);
  });

  it('with underPlugin, refuses app paths and other plugins', () => {
    assert.throws(() => appPath('/parts', 'ui-x', { underPlugin: true }), /not under the plugin's own routes/);
    assert.throws(() => appPath('/plugin/ui-y/panel', 'ui-x', { underPlugin: true }), AppPathError);
    assert.throws(() => appPath('/plugin/ui-x', 'ui-x', { underPlugin: true }), AppPathError);
  });
});
