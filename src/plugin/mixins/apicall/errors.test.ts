// ApiCallError: fields and messages per kind, the body excerpt limit, and secrets redacted from
// whatever came from outside.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiCallError, BODY_EXCERPT_CHARS, bodyExcerpt, redact } from './errors.js';

describe('ApiCallError', () => {
  it('carries kind, status, method, url and excerpt; the message says what failed', () => {
    const e = new ApiCallError({ kind: 'http', method: 'POST', url: 'http://h/x', status: 503, bodyExcerpt: 'busy' });
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ApiCallError');
    assert.deepEqual([e.kind, e.status, e.method, e.url, e.bodyExcerpt], ['http', 503, 'POST', 'http://h/x', 'busy']);
    assert.equal(e.message, 'API call POST http://h/x failed with HTTP 503: busy');
    assert.deepEqual(JSON.parse(JSON.stringify(e)), {
      name: 'ApiCallError',
      message: e.message,
      kind: 'http',
      status: 503,
      method: 'POST',
      url: 'http://h/x',
      bodyExcerpt: 'busy',
    });
  });

  it('has a null status when no response came', () => {
    const t = new ApiCallError({ kind: 'timeout', method: 'GET', url: 'http://h/x', detail: 'after 50 ms' });
    assert.equal(t.status, null);
    assert.equal(t.message, 'API call GET http://h/x timed out after 50 ms');
    const n = new ApiCallError({ kind: 'network', method: 'GET', url: 'http://h/x', detail: 'ECONNREFUSED' });
    assert.equal(n.status, null);
    assert.match(n.message, /failed \(network\): ECONNREFUSED/);
    const j = new ApiCallError({
      kind: 'invalid-json',
      method: 'GET',
      url: 'http://h/x',
      status: 200,
      bodyExcerpt: '<html>',
    });
    assert.match(j.message, /answered 200 with a body that is not JSON: <html>/);
  });

  it('keeps the first ~200 characters of a body and redacts secrets', () => {
    const long = 'x'.repeat(500);
    assert.equal(bodyExcerpt(long).length, BODY_EXCERPT_CHARS + 1);
    assert.ok(bodyExcerpt(long).endsWith('…'));
    assert.equal(bodyExcerpt('short'), 'short');
    assert.equal(bodyExcerpt('got Bearer s3cret and s3cret', ['s3cret']), 'got Bearer [redacted] and [redacted]');
    assert.equal(redact('abc', ['', null, undefined]), 'abc');
  });
});
