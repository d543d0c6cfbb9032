// How plugins are named and how a process's plugin state is summed up: slugify and pluginKey
// (SLUG over NAME, from class statics only), the instance getters built on them, and the planner's
// signatureOf (sorted active keys plus the schema-shaping switches, in a stable order).
// planner.ts imports the mixins' admin GraphQL classes: type-graphql decorators need the polyfill first.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvenTreePlugin, slugify } from '../../src/plugin/plugin.js';
import { signatureOf } from '../../src/plugin/registry/planner.js';

describe('slugify', () => {
  it('lower-cases and joins words with single dashes', () => {
    assert.equal(slugify('Part Statistics'), 'part-statistics');
    assert.equal(slugify('  --Hello,   World!!  '), 'hello-world');
    assert.equal(slugify('already-a-slug'), 'already-a-slug');
    assert.equal(slugify('under_score and.dot'), 'under-score-and-dot');
    assert.equal(slugify('Version 2'), 'version-2');
  });

  it('drops accents and anything else that is not a-z or 0-9', () => {
    assert.equal(slugify('Ünïcödé Plügin'), 'unicode-plugin');
    assert.equal(slugify('Crème brûlée'), 'creme-brulee');
    assert.equal(slugify('日本'), '');
    assert.equal(slugify(''), '');
  });
});

class Named extends InvenTreePlugin {
  static override NAME = 'My Great Plugin';
}

class Slugged extends InvenTreePlugin {
  static override NAME = 'Whatever Name';
  static override SLUG = 'Custom Slug';
  static override TITLE = 'A Title';
}

class EmptySlug extends InvenTreePlugin {
  static override NAME = 'Fallback Name';
  static override SLUG = '';
}

describe('pluginKey', () => {
  it('is the slugified SLUG, else the slugified NAME', () => {
    assert.equal(Named.pluginKey(), 'my-great-plugin');
    assert.equal(Slugged.pluginKey(), 'custom-slug');
    assert.equal(EmptySlug.pluginKey(), 'fallback-name');
  });

  it('is what an instance reports as key and slug; title falls back to NAME', () => {
    const p = new Slugged();
    assert.deepEqual([p.key, p.slug, p.name, p.title], ['custom-slug', 'custom-slug', 'Whatever Name', 'A Title']);
    const n = new Named();
    assert.deepEqual([n.key, n.title], ['my-great-plugin', 'My Great Plugin']);
  });

  it('reads statics at call time (a subclass overriding NAME gets its own key)', () => {
    class Sub extends Named {
      static override NAME = 'Sub Plugin';
    }
    assert.equal(Sub.pluginKey(), 'sub-plugin');
    assert.equal(new Sub().key, 'sub-plugin');
    assert.equal(Named.pluginKey(), 'my-great-plugin');
  });

  it('has no mixins unless a mixin factory added them', () => {
    const p = new Named();
    assert.deepEqual(p.mixins, []);
    assert.equal(p.hasMixin('settings'), false);
    assert.equal(p.mixinEnabled('settings'), false);
  });
});

describe('signatureOf', () => {
  it('lists the keys as given, then the switches sorted by name', () => {
    const switches = new Map([
      ['ENABLE_URLS', false],
      ['ENABLE_GRAPHQL', true],
    ]);
    assert.equal(signatureOf(['a', 'b'], switches), 'a\nb\n#ENABLE_GRAPHQL=true\n#ENABLE_URLS=false');
  });

  it('does not depend on the order the switches were read in', () => {
    const one = new Map([
      ['X', true],
      ['Y', false],
    ]);
    const two = new Map([
      ['Y', false],
      ['X', true],
    ]);
    assert.equal(signatureOf(['k'], one), signatureOf(['k'], two));
  });

  it('changes with any key or switch', () => {
    const base = signatureOf(['a', 'b'], new Map([['S', true]]));
    assert.notEqual(signatureOf(['a'], new Map([['S', true]])), base);
    assert.notEqual(signatureOf(['a', 'b', 'c'], new Map([['S', true]])), base);
    assert.notEqual(signatureOf(['a', 'b'], new Map([['S', false]])), base);
    assert.notEqual(signatureOf(['a', 'b'], new Map()), base);
  });

  it('is empty for no plugins and no switches', () => {
    assert.equal(signatureOf([], new Map()), '');
    assert.equal(signatureOf([], new Map([['S', true]])), '#S=true');
  });
});
