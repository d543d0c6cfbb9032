// Matching plugin route patterns (`items/:id`) against request paths: literal and parameter
// segments, slashes normalised, parameters decoded, and a MalformedPathError (answered 400) for a
// parameter segment with a broken percent-escape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWellFormedPath, MalformedPathError, matchRoute, normalizePath } from './route-matcher.js';

describe('normalizePath', () => {
  it('drops leading, trailing and repeated slashes', () => {
    assert.equal(normalizePath('/items//42/'), 'items/42');
    assert.equal(normalizePath('items'), 'items');
    assert.equal(normalizePath('/'), '');
    assert.equal(normalizePath(''), '');
  });
});

describe('matchRoute', () => {
  it('matches literal segments exactly and returns no params', () => {
    assert.deepEqual(matchRoute('status', 'status'), {});
    assert.deepEqual(matchRoute('/a/b/', 'a//b/'), {});
    assert.deepEqual(matchRoute('', ''), {});
    assert.equal(matchRoute('status', 'Status'), null);
    assert.equal(matchRoute('a/b', 'a/c'), null);
  });

  it('binds parameter segments', () => {
    assert.deepEqual(matchRoute('items/:id', 'items/42'), { id: '42' });
    assert.deepEqual(matchRoute('/:kind/:id/history', 'parts/7/history/'), { kind: 'parts', id: '7' });
  });

  it('needs the same number of segments', () => {
    assert.equal(matchRoute('items/:id', 'items'), null);
    assert.equal(matchRoute('items/:id', 'items/42/more'), null);
    assert.equal(matchRoute('items', ''), null);
  });

  it('decodes parameters (an encoded slash stays inside its segment)', () => {
    assert.deepEqual(matchRoute('hook/:device', 'hook/dev%201'), { device: 'dev 1' });
    assert.deepEqual(matchRoute('hook/:device', 'hook/a%2Fb'), { device: 'a/b' });
    assert.deepEqual(matchRoute('hook/:device', 'hook/%C3%BC'), { device: 'ü' });
  });

  it('throws MalformedPathError for a parameter with a broken percent-escape', () => {
    for (const bad of ['%', '%zz', 'a%2', '%E0%A4%A']) {
      assert.throws(
        () => matchRoute('hook/:device', `hook/${bad}`),
        (e: unknown) => {
          assert.ok(e instanceof MalformedPathError);
          assert.equal(e.message, `malformed percent-escape in path segment "${bad}"`);
          return true;
        },
      );
    }
  });

  it('compares literal segments undecoded, so a broken escape there simply does not match', () => {
    assert.equal(matchRoute('hook/list', 'hook/%zz'), null);
    assert.equal(matchRoute('a b', 'a%20b'), null);
  });
});

describe('isWellFormedPath', () => {
  it('accepts paths whose escapes all decode', () => {
    for (const p of ['/plugin/x/hook/dev-1', '/a%20b/c', '/%C3%BC', '/', ''])
      assert.equal(isWellFormedPath(p), true, p);
  });

  it('refuses paths with a malformed escape anywhere', () => {
    for (const p of ['/plugin/x/%', '/plugin/%zz/hook', '/a%2', '/%E0%A4%A'])
      assert.equal(isWellFormedPath(p), false, p);
  });
});
