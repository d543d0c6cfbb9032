// APICallMixin URL building: one slash between the URL setting and a relative endpoint, full
// http(s) URLs used as they are, query parameters, and URLs shown without user info.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayUrl, endpointIsUrl, joinUrl, withParams } from './url.js';

describe('apicall URLs', () => {
  it('joins the base URL and a relative endpoint with exactly one slash', () => {
    for (const [base, endpoint] of [
      ['http://h/api', 'items'],
      ['http://h/api/', 'items'],
      ['http://h/api', '/items'],
      ['http://h/api//', '//items'],
    ] as const) {
      assert.equal(joinUrl(base, endpoint), 'http://h/api/items', `${base} + ${endpoint}`);
    }
    assert.equal(joinUrl('http://h/api/', ''), 'http://h/api');
    assert.equal(joinUrl('http://h', 'a/b/'), 'http://h/a/b/');
  });

  it('tells full http(s) URLs from relative endpoints (InvenTree endpoint_is_url)', () => {
    assert.equal(endpointIsUrl('https://example.com/x'), true);
    assert.equal(endpointIsUrl('HTTP://example.com'), true);
    assert.equal(endpointIsUrl('items/1'), false);
    assert.equal(endpointIsUrl('/http://x'), false);
    assert.equal(endpointIsUrl('ftp://example.com'), false);
  });

  it('appends params: skips null and undefined, repeats arrays, keeps an existing query', () => {
    const url = withParams(new URL('http://h/api/items?x=1'), {
      q: 'a b',
      n: 2,
      on: true,
      none: null,
      missing: undefined,
      tag: ['r', 's'],
    });
    assert.equal(url.href, 'http://h/api/items?x=1&q=a+b&n=2&on=true&tag=r&tag=s');
    assert.equal(withParams(new URL('http://h/'), undefined).href, 'http://h/');
  });

  it('shows URLs without user name or password', () => {
    assert.equal(displayUrl(new URL('https://user:secret@h/api?q=1')), 'https://h/api?q=1');
  });
});
