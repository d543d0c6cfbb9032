// The lean read path reuses the SQL the QueryBuilder built for a (entity, where, order, page):
// a repeated call answers exactly like the first (same rows, same mapping to property names and
// types), runs inside the caller's transaction, and calls that differ only in a value (a Date, a
// string) never share SQL; wheres that are not plain data (entities) are answered correctly too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Part, PartCategory } from '../src/db/entities/index.js';
import { leanCount, leanFind } from '../src/inventory/lean.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('lean reads: reused SQL', () => {
  let s: TestServer;
  const fork = () => s.app.orm.em.fork() as EntityManager;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s?.stop());

  it('answers repeated, transactional and value-differing calls exactly', async () => {
    const em = fork();
    const cat = em.create(PartCategory, { name: 'LeanCache cat' });
    await em.flush();
    const first = em.create(Part, { name: 'LeanCache A', category: cat });
    await em.flush();
    const cutoff = new Date(first.createdAt.getTime() + 1);
    await new Promise((r) => setTimeout(r, 20));
    em.create(Part, { name: 'LeanCache B', category: cat });
    await em.flush();

    const where = { name: { $like: 'LeanCache %' } };
    assert.equal(await leanCount(fork(), Part, where), 2);
    const once = await leanFind(fork(), Part, where, { orderBy: [{ name: 'asc' }] });
    const again = await leanFind(fork(), Part, where, { orderBy: [{ name: 'asc' }] });
    assert.deepEqual(
      again.map((p) => [p.name, p.category, p.createdAt instanceof Date, p instanceof Part]),
      once.map((p) => [p.name, p.category, true, true]),
    );
    assert.deepEqual(
      again.map((p) => p.name),
      ['LeanCache A', 'LeanCache B'],
    );

    // Only the Date differs: each call gets its own SQL and answer.
    for (let i = 0; i < 2; i++) {
      const before = await leanFind(fork(), Part, { ...where, createdAt: { $lt: cutoff } });
      const later = await leanFind(fork(), Part, { ...where, createdAt: { $lt: new Date(Date.now() + 60_000) } });
      assert.deepEqual(
        before.map((p) => p.name),
        ['LeanCache A'],
      );
      assert.deepEqual(later.map((p) => p.name).sort(), ['LeanCache A', 'LeanCache B']);
    }

    // An entity in the where (not plain data) still answers right, every time.
    for (let i = 0; i < 2; i++) {
      const byEntity = await leanFind(fork(), Part, { category: cat }, { orderBy: [{ name: 'asc' }] });
      assert.deepEqual(
        byEntity.map((p) => p.name),
        ['LeanCache A', 'LeanCache B'],
      );
    }

    // Inside a transaction the reused SQL sees the transaction's own uncommitted row.
    await fork()
      .transactional(async (tx) => {
        tx.create(Part, { name: 'LeanCache C (uncommitted)', category: cat.id });
        await tx.flush();
        const seen = await leanFind(tx as EntityManager, Part, where, { orderBy: [{ name: 'asc' }] });
        assert.deepEqual(
          seen.map((p) => p.name),
          ['LeanCache A', 'LeanCache B', 'LeanCache C (uncommitted)'],
        );
        assert.equal(await leanCount(tx as EntityManager, Part, where), 3);
        throw new Error('roll back');
      })
      .catch((e: Error) => assert.equal(e.message, 'roll back'));
    const outside = await leanFind(fork(), Part, where, { orderBy: [{ name: 'asc' }] });
    assert.equal(outside.length, 2);
    assert.equal(await leanCount(fork(), Part, where), 2);
    assert.equal(await leanCount(fork(), Part, { ...where, createdAt: { $lt: cutoff } }), 1);
    assert.equal(await leanCount(fork(), Part, { category: cat }), 2);
  });
});
