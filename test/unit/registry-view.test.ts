// The read-only registry view plugins get (`registry` from partgraph/plugin): frozen, exposes
// only reading methods, cannot be used to reach or change the registry behind it, and reads
// the source live (list, getPlugin, isActive, activePlugins, withMixin, settingsOf).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLMixin, SettingsMixin } from '../../src/plugin/mixins/index.js';
import { InvenTreePlugin } from '../../src/plugin/plugin.js';
import { readOnlyView, type ViewSource } from '../../src/plugin/registry/view.js';
import type { SettingValue } from '../../src/settings/definitions.js';

class Plain extends InvenTreePlugin {
  static override NAME = 'Plain';
}

class WithSettings extends SettingsMixin(InvenTreePlugin) {
  static override NAME = 'With Settings';
  static override SETTINGS = { COLOR: { name: 'Color', default: 'red' } };
  // The real getSettings reads the database; the view must only forward to it.
  override async getSettings(): Promise<Record<string, SettingValue>> {
    return { COLOR: 'blue' };
  }
}

class Both extends GraphQLMixin(SettingsMixin(InvenTreePlugin)) {
  static override NAME = 'Both';
  static override SETTINGS = { N: { name: 'N', type: 'integer' as const } };
  static override GRAPHQL_TYPEDEFS = 'extend type Query { both: Int }';
  override async getSettings(): Promise<Record<string, SettingValue>> {
    return { N: 1 };
  }
}

/** A registry stand-in: records for every discovered plugin, some of them running. */
function source() {
  const running = new Map<string, InvenTreePlugin>();
  const records = [
    { key: 'both', meta: { name: 'Both', title: 'Both', version: '1.0.0' }, mixins: ['settings', 'graphql'] },
    { key: 'plain', meta: { name: 'Plain', title: 'Plain', version: null }, mixins: [] as string[] },
    {
      key: 'with-settings',
      meta: { name: 'With Settings', title: 'With Settings', version: null },
      mixins: ['settings'],
    },
  ];
  const calls = { activate: 0 };
  const src: ViewSource & { activate(): void } = {
    records: () => records,
    getPlugin: (key) => running.get(key) ?? null,
    activePlugins: () => [...running.values()],
    activate: () => calls.activate++,
  };
  return { src, running, records, calls };
}

describe('readOnlyView', () => {
  it('is frozen and has only reading methods', () => {
    const { src } = source();
    const view = readOnlyView(src);
    assert.ok(Object.isFrozen(view));
    assert.deepEqual(Object.keys(view).sort(), [
      'activePlugins',
      'getPlugin',
      'isActive',
      'list',
      'settingsOf',
      'withMixin',
    ]);
    assert.throws(() => {
      (view as unknown as Record<string, unknown>).getPlugin = () => null;
    }, TypeError);
    assert.throws(() => {
      (view as unknown as Record<string, unknown>).activate = () => undefined;
    }, TypeError);
  });

  it('cannot be used to reach the registry behind it', () => {
    const { src } = source();
    const view = readOnlyView(src) as unknown as Record<string, unknown>;
    for (const value of Object.values(view)) {
      assert.equal(typeof value, 'function');
      assert.notEqual(value, src);
      assert.equal((value as { source?: unknown }).source, undefined);
    }
    assert.equal(view.activate, undefined);
    assert.equal(view.reload, undefined);
    assert.equal(Object.getPrototypeOf(view), Object.prototype);
  });

  it('reads the source live: what runs, what is listed, and which plugins use a mixin', () => {
    const { src, running } = source();
    const view = readOnlyView(src);
    assert.deepEqual(
      view.list().map((p) => [p.key, p.active]),
      [
        ['both', false],
        ['plain', false],
        ['with-settings', false],
      ],
    );
    assert.equal(view.isActive('plain'), false);
    assert.equal(view.getPlugin('plain'), null);
    const plain = new Plain();
    const both = new Both();
    const withSettings = new WithSettings();
    running.set('both', both).set('plain', plain).set('with-settings', withSettings);
    assert.equal(view.isActive('plain'), true);
    assert.equal(view.getPlugin('plain'), plain);
    assert.equal(view.isActive('nope'), false);
    assert.deepEqual(view.activePlugins(), [both, plain, withSettings]);
    assert.deepEqual(view.withMixin('settings'), [both, withSettings]);
    assert.deepEqual(view.withMixin('graphql'), [both]);
    assert.deepEqual(view.withMixin('urls'), []);
    assert.deepEqual(view.list()[0], {
      key: 'both',
      name: 'Both',
      title: 'Both',
      version: '1.0.0',
      mixins: ['settings', 'graphql'],
      active: true,
    });
    running.delete('plain');
    assert.equal(view.isActive('plain'), false);
    assert.deepEqual(view.withMixin('settings'), [both, withSettings]);
  });

  it('hands out copies of the mixin lists', () => {
    const { src, records } = source();
    const view = readOnlyView(src);
    const listed = view.list()[0]!;
    (listed.mixins as string[]).push('urls');
    assert.deepEqual(records[0]!.mixins, ['settings', 'graphql']);
    assert.deepEqual(view.list()[0]!.mixins, ['settings', 'graphql']);
  });

  it('gives the settings of a running plugin with SettingsMixin, and null otherwise', async () => {
    const { src, running } = source();
    const view = readOnlyView(src);
    assert.equal(await view.settingsOf('with-settings'), null, 'not running');
    running.set('with-settings', new WithSettings()).set('plain', new Plain());
    assert.deepEqual(await view.settingsOf('with-settings'), { COLOR: 'blue' });
    assert.equal(await view.settingsOf('plain'), null, 'no SettingsMixin');
    assert.equal(await view.settingsOf('nope'), null, 'unknown');
  });
});
