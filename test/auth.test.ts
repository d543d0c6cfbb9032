import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, ADMIN, type TestServer } from './support/server.js';

describe('auth', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.stop());

  it('signs in with the right password and reads me', async () => {
    const token = await s.login();
    const r = await s.gql('{ me { username isSuperuser isStaff } }', {}, token);
    assert.deepEqual(r.data, { me: { username: ADMIN.username, isSuperuser: true, isStaff: true } });
  });

  it('accepts the InvenTree "Token <token>" form', async () => {
    const token = await s.login();
    const r = await s.gql('{ me { username } }', {}, undefined, { authorization: `Token ${token}` });
    assert.equal(r.data?.me.username, ADMIN.username);
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const wrong = await s.gql('mutation { login(username: "admin", password: "nope-nope") { token } }');
    const unknown = await s.gql('mutation { login(username: "ghost", password: "nope-nope") { token } }');
    assert.equal(wrong.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal(unknown.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal(wrong.errors?.[0].message, unknown.errors?.[0].message);
  });

  it('reads nothing anonymously except login and the schema', async () => {
    const r = await s.gql('{ me { username } }');
    assert.equal(r.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal(r.data, undefined);
    const intro = await s.gql('{ __schema { queryType { name } } }');
    assert.equal(intro.data?.__schema.queryType.name, 'Query');
    const mixed = await s.gql('{ __typename users { username } }');
    assert.equal(mixed.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });

  it('rejects a bad token with UNAUTHENTICATED', async () => {
    const r = await s.gql('{ me { username } }', {}, 'pgt_not-a-real-token');
    assert.equal(r.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
    assert.equal(r.status, 401);
  });

  it('logout revokes the token', async () => {
    const token = await s.login();
    const out = await s.gql('mutation { logout }', {}, token);
    assert.equal(out.data?.logout, true);
    const r = await s.gql('{ me { username } }', {}, token);
    assert.equal(r.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });

  it('gives FORBIDDEN to a signed-in user lacking the role', async () => {
    const plain = await s.userToken({ username: 'plain' });
    const staff = await s.userToken({ username: 'staffer', staff: true });
    const list = await s.gql('{ users { username } }', {}, plain);
    assert.equal(list.errors?.[0].extensions?.code, 'FORBIDDEN');
    const staffList = await s.gql('{ users { username } }', {}, staff);
    assert.ok(staffList.data?.users.some((u: { username: string }) => u.username === 'plain'));
    const create = await s.gql(
      'mutation { createUser(input: { username: "x1", password: "long-enough" }) { id } }',
      {},
      staff,
    );
    assert.equal(create.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  it('validates createUser input with field-named errors and changes nothing', async () => {
    const short = await s.gql(
      'mutation { createUser(input: { username: "shorty", password: "123" }) { id } }',
      {},
      s.adminToken,
    );
    assert.equal(short.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    assert.equal(short.errors?.[0].extensions?.field, 'password');
    const dup = await s.gql(
      'mutation { createUser(input: { username: "admin", password: "long-enough" }) { id } }',
      {},
      s.adminToken,
    );
    assert.equal(dup.errors?.[0].extensions?.field, 'username');
    const users = await s.gql('{ users { username } }', {}, s.adminToken);
    assert.ok(!users.data?.users.some((u: { username: string }) => u.username === 'shorty'));
  });

  it('a deactivated user can no longer use their token', async () => {
    const token = await s.userToken({ username: 'leaver' });
    const users = await s.gql('{ users { id username } }', {}, s.adminToken);
    const id = users.data?.users.find((u: { username: string }) => u.username === 'leaver').id;
    const upd = await s.gql(
      'mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { isActive } }',
      { id },
      s.adminToken,
    );
    assert.equal(upd.data?.updateUser.isActive, false);
    const r = await s.gql('{ me { username } }', {}, token);
    assert.equal(r.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });
});
