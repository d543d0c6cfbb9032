// The web admin and GraphiQL in a real browser (Debian Chromium driven by playwright-core), against
// a real server with the sample plugins: sign-in/out, the plugin table, a toggle with its
// confirmation seen live in GraphiQL's schema, a settings form refusing a bad value at the field,
// live events, GraphiQL queries and subscriptions, staff-only pages. Every page must stay offline
// (no request leaves localhost) and raise no CSP violation. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { FAST_JOBS, waitFor } from './events-helpers.js';

/** waitFor with the condition first (reads better with long conditions). */
const until = (fn: () => Promise<boolean>, what: string) => waitFor(what, fn);
import { browserSkip, launchBrowser, screenshot, signIn, type BrowserHandle } from './support/browser.js';
import { docSearch, editorValue, runInGraphiQL } from './support/graphiql.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const skip = browserSkip();

describe('web admin in a browser', { skip }, () => {
  let s: TestServer;
  let base: string;
  let b: BrowserHandle;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  async function open(opts?: { width?: number; height?: number }): Promise<Page> {
    const page = await b.newPage(opts);
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true', ...FAST_JOBS } });
    base = s.url.replace(/\/graphql$/, '');
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.stop();
  });

  it('signs in, shows the dashboard, signs out (revoking the token) and back to sign-in', async () => {
    const page = await open();
    await page.goto(`${base}/plugins`);
    await page.getByRole('heading', { name: 'Sign in to PartGraph' }).waitFor();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back to the page asked for before signing in.
    await page.getByRole('heading', { level: 1, name: 'Plugins' }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await screenshot(page, 'dashboard');
    const token = await page.evaluate(() => localStorage.getItem('partgraph.token'));
    assert.ok(token);
    assert.equal((await s.gql('{ me { username } }', {}, token!)).data?.me.username, 'admin');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('partgraph.token')), null);
    const after = await s.gql('{ me { username } }', {}, token!);
    assert.equal(after.errors?.[0].extensions?.code, 'UNAUTHENTICATED', 'sign-out revoked the token');
  });

  it('a token revoked elsewhere returns the person to sign-in with a message', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    const token = await page.evaluate(() => localStorage.getItem('partgraph.token'));
    await s.gql('mutation { logout }', {}, token!);
    // The live socket learns of the revocation (close 4401) and ends the session at once.
    await page.getByRole('heading', { name: 'Sign in to PartGraph' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /session has ended/ })
      .waitFor();
    // Over HTTP: a stored token the server no longer accepts (UNAUTHENTICATED) does the same.
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.evaluate(() => localStorage.setItem('partgraph.token', 'pg_not-a-valid-token'));
    await page.goto(`${base}/parts`);
    await page.getByRole('heading', { name: 'Sign in to PartGraph' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /session has ended/ })
      .waitFor();
  });

  it('lists plugins with their metadata, filters them, and follows a toggle made elsewhere live', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plugins' }).click();
    const table = page.locator('table.plugins');
    await table.locator('tr[data-key="sample-settings"]').waitFor();
    const row = table.locator('tr[data-key="sample-part-extras"]');
    assert.match((await row.textContent()) ?? '', /Part Extras[\s\S]*1\.0\.0[\s\S]*sample[\s\S]*graphql/);
    await screenshot(page, 'plugins');
    // Another staff member (here: the API) turns it on: the switch follows without a reload.
    const sw = page.getByRole('switch', { name: 'Active: Part Extras' });
    assert.equal(await sw.getAttribute('aria-checked'), 'false');
    await s.setPluginActive('sample-part-extras', true);
    await until(async () => (await sw.getAttribute('aria-checked')) === 'true', 'live switch');
    await s.setPluginActive('sample-part-extras', false);
    await until(async () => (await sw.getAttribute('aria-checked')) === 'false', 'live switch off');
    // Filters: search and source.
    await page.getByLabel('Search').fill('showcase');
    await until(async () => (await table.locator('tbody tr').count()) === 1, 'search filter');
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Source').selectOption('builtin');
    await until(
      async () =>
        (await table.locator('tbody tr').count()) > 0 &&
        (await table.locator('tbody tr').evaluateAll((rows) => rows.every((r) => r.textContent!.includes('builtin')))),
      'source filter',
    );
  });

  it('toggling asks for confirmation, shows the schema change, and GraphiQL follows without reload', async () => {
    const app = await open();
    await signIn(app, base, ADMIN.username, ADMIN.password);
    const ide = await app.context().newPage();
    ide.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await ide.goto(`${base}/graphql`);
    await ide.locator('.graphiql-query-editor .CodeMirror').waitFor();
    assert.doesNotMatch(await docSearch(ide, 'label'), /Part\.label/);
    const hashBefore = await ide.locator('header[data-schema-hash]').getAttribute('data-schema-hash');

    await app.goto(`${base}/plugins/sample-part-extras`);
    await app.getByRole('heading', { level: 1, name: /Part Extras/ }).waitFor();
    await app.getByRole('switch', { name: 'Active: Part Extras' }).click();
    const dialog = app.getByRole('dialog', { name: 'Activate Part Extras?' });
    await dialog.waitFor();
    // The server's previewPluginChange says what will be added.
    await dialog.getByText('Added to the schema').waitFor();
    assert.match((await dialog.textContent()) ?? '', /Added to the schema[\s\S]*Part\.label/);
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(
      (await s.gql('{ plugin(key: "sample-part-extras") { active } }', {}, s.adminToken)).data?.plugin.active,
      false,
    );
    await app.getByRole('switch', { name: 'Active: Part Extras' }).click();
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await app.getByRole('switch', { name: 'Active: Part Extras', checked: true }).waitFor();
    await app.getByRole('listitem').filter({ hasText: 'Part.label' }).first().waitFor();

    // GraphiQL (another tab, never reloaded) re-introspected on the plugin.activated event.
    await until(
      async () => (await ide.locator('header[data-schema-hash]').getAttribute('data-schema-hash')) !== hashBefore,
      'GraphiQL schema hash to change',
    );
    assert.match(await docSearch(ide, 'label'), /Part\.label/);

    // Deactivating shows what will be removed.
    await app.getByRole('switch', { name: 'Active: Part Extras' }).click();
    const off = app.getByRole('dialog', { name: 'Deactivate Part Extras?' });
    await off.waitFor();
    await off.getByText('Removed from the schema').waitFor();
    assert.match((await off.textContent()) ?? '', /Removed from the schema[\s\S]*Part\.label/);
    await screenshot(app, 'plugin-toggle-confirmation', false); // a modal: the viewport
    await off.getByRole('button', { name: 'Deactivate' }).click();
    await app.getByRole('switch', { name: 'Active: Part Extras', checked: false }).waitFor();
    await until(async () => !/Part\.label/.test(await docSearch(ide, 'label')), 'GraphiQL to drop Part.label');
  });

  it('keyboard: a toggle opens its confirmation, Escape cancels; registry reload shows progress', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.goto(`${base}/plugins`);
    const sw = page.getByRole('switch', { name: 'Active: Action Echo' });
    await sw.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Activate Action Echo?' });
    await dialog.waitFor();
    // Focus starts on Cancel (the safe choice) inside the modal.
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.textContent), 'Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const still = await s.gql('{ plugin(key: "sample-action-echo") { active } }', {}, s.adminToken);
    assert.equal(still.data?.plugin.active, false, 'Escape changed nothing');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plugin registry' }).waitFor();
    await page.getByRole('button', { name: 'Reload plugins' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Reloaded in \d+ ms: \d+ plugin\(s\) discovered/ })
      .waitFor();
    assert.match((await page.locator('dl.meta').textContent()) ?? '', /Samples loadedyes/);
    await screenshot(page, 'registry');
  });

  it('a settings form refuses a bad value at the field and saves a good one', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.goto(`${base}/plugins/sample-settings`);
    const form = page.getByRole('form', { name: 'Settings of Settings Showcase' });
    await form.waitFor();
    const prefix = form.getByLabel('Label prefix');
    await prefix.fill('abc');
    await form.getByLabel('Batch size').fill('7');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await until(async () => (await prefix.getAttribute('aria-invalid')) === 'true', 'field error');
    const errId = (await prefix.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-err'))!;
    assert.match((await page.locator(`#${errId}`).textContent()) ?? '', /2 to 5 capital letters/);
    await form.getByRole('status').filter({ hasText: 'Saved 1 setting(s).' }).waitFor();
    assert.equal(await prefix.inputValue(), 'abc', 'the refused value stays in the field to be corrected');
    await screenshot(page, 'plugin-settings');
    const stored = await s.gql('{ plugin(key: "sample-settings") { settings { key value } } }', {}, s.adminToken);
    const byKey = Object.fromEntries(
      stored.data!.plugin.settings.map((x: { key: string; value: string }) => [x.key, x.value]),
    );
    assert.equal(byKey.LABEL_PREFIX, 'PG', 'the refused value was not stored');
    assert.equal(byKey.BATCH_SIZE, '7');
    // The protected API key is an empty password field (its value never reaches the page).
    assert.equal(await form.getByLabel(/API key/).getAttribute('type'), 'password');
    await prefix.fill('XYZ');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await until(async () => (await prefix.getAttribute('aria-invalid')) === null, 'error cleared');
  });

  it("lists a plugin's failed event deliveries and retries one from its page", async () => {
    const LOGGER = 'sample-event-logger';
    const set = (value: string) =>
      s.gql(
        'mutation($v: String) { updatePluginSetting(plugin: "sample-event-logger", key: "FAIL_ON", value: $v) { key } }',
        { v: value },
        s.adminToken,
      );
    await s.setPluginActive(LOGGER, true);
    await set('part.created');
    await s.gql('mutation { createPart(input: { name: "Makes the logger fail" }) { id } }', {}, s.adminToken);
    const failedJob = await waitFor(
      'a failed delivery',
      async () => {
        const r = await s.gql(
          `{ failedEventDeliveries(consumer: "plugin:${LOGGER}") { jobId eventName } }`,
          {},
          s.adminToken,
        );
        return r.data?.failedEventDeliveries.find((d: { eventName: string }) => d.eventName === 'part.created')
          ?.jobId as string | undefined;
      },
      60_000,
    );
    await set('');
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.goto(`${base}/plugins/${LOGGER}`);
    const item = page.getByRole('listitem').filter({ hasText: /part\.created after 3 attempt\(s\)/ });
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /configured to fail on part\.created/);
    await item.getByRole('button', { name: 'Retry' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Delivery ${failedJob} queued again.` })
      .waitFor();
    await until(async () => {
      const r = await s.gql(`{ failedEventDeliveries(consumer: "plugin:${LOGGER}") { jobId } }`, {}, s.adminToken);
      return !r.data?.failedEventDeliveries.some((d: { jobId: string }) => d.jobId === failedJob);
    }, 'the retried delivery to leave the failed list');
    await s.setPluginActive(LOGGER, false);
  });

  it('shows a live event as it happens, with filters', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await page.getByLabel('Names').fill('part.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('status').filter({ hasText: 'Listening (filtered)' }).waitFor();
    await page.waitForTimeout(500); // the new subscription is registered on the server
    await s.gql('mutation { createStockLocation(input: { name: "Not a part" }) { id } }', {}, s.adminToken);
    const r = await s.gql('mutation { createPart(input: { name: "Live resistor" }) { id } }', {}, s.adminToken);
    const list = page.getByRole('list', { name: 'Events, newest first' });
    await list.getByText('part.created').waitFor();
    assert.match((await list.textContent()) ?? '', new RegExp(`#${r.data!.createPart.id}`));
    assert.doesNotMatch((await list.textContent()) ?? '', /stocklocation/, 'the name filter applies');
    await screenshot(page, 'events');
  });

  it('inventory: create a part with a server field error first, then see it with its stock', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await s.gql('mutation { createPart(input: { name: "Taken", ipn: "R-1" }) { id } }', {}, s.adminToken);
    await page.getByRole('link', { name: 'Parts', exact: true }).click();
    await page.getByRole('button', { name: 'New part' }).click();
    const form = page.getByRole('form', { name: 'New part' });
    await form.getByLabel('Name *').fill('Capacitor 1uF');
    await form.getByLabel('IPN').fill('R-1');
    await form.getByRole('button', { name: 'Create part' }).click();
    await until(async () => (await form.getByLabel('IPN').getAttribute('aria-invalid')) === 'true', 'IPN error');
    await form.getByLabel('IPN').fill('C-1');
    await form.getByRole('button', { name: 'Create part' }).click();
    await page.getByRole('heading', { level: 1, name: 'Capacitor 1uF' }).waitFor();
    await page.getByRole('heading', { name: /Stock \(0\)/ }).waitFor();
    await page.getByRole('link', { name: 'Parts', exact: true }).click();
    await page.getByLabel('Search').fill('capac');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('caption').or(page.locator('caption')).filter({ hasText: '1 part(s)' }).waitFor();
    await screenshot(page, 'parts');
  });

  it('inventory: category tree with a new subcategory, stock item form refusing a bad quantity', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    const top = await s.gql('mutation { createPartCategory(input: { name: "Passives" }) { id } }', {}, s.adminToken);
    const parentId = top.data!.createPartCategory.id;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Categories' }).click();
    await page.getByRole('button', { name: 'New category' }).click();
    const form = page.getByRole('form', { name: 'New category' });
    await form.getByLabel('Name *').fill('Inductors');
    await form.getByLabel('Parent').selectOption(parentId);
    await form.getByRole('button', { name: 'Create' }).click();
    // Nested under its parent in the tree.
    await page
      .locator('ul.tree.root > li')
      .filter({ hasText: 'Passives' })
      .locator('ul.tree li')
      .getByRole('link', { name: 'Inductors' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Passives/Inductors' }).waitFor();
    await screenshot(page, 'category');

    const part = await s.gql('mutation { createPart(input: { name: "Coil 10uH" }) { id } }', {}, s.adminToken);
    await page.goto(`${base}/stock?part=${part.data!.createPart.id}&new=1`);
    const item = page.getByRole('form', { name: 'New stock item' });
    await item.getByLabel('Quantity').fill('-3');
    await item.getByRole('button', { name: 'Create stock item' }).click();
    await until(
      async () => (await item.getByLabel('Quantity').getAttribute('aria-invalid')) === 'true',
      'quantity error',
    );
    await item.getByLabel('Quantity').fill('12');
    await item.getByRole('button', { name: 'Create stock item' }).click();
    await page.getByRole('heading', { level: 1, name: /Stock item #\d+: Coil 10uH/ }).waitFor();
    await screenshot(page, 'stock-item');
  });

  it('GraphiQL runs a query and a subscription with the sign-in token, with no network', async () => {
    const page = await open();
    await signIn(page, base, ADMIN.username, ADMIN.password);
    await page.goto(`${base}/graphql`);
    await runInGraphiQL(page, '{ me { username isStaff } }');
    await until(
      async () => /"username": "admin"/.test(await editorValue(page, '.graphiql-response .CodeMirror')),
      'query result',
    );
    await runInGraphiQL(page, 'subscription { events(names: ["part.created"]) { name data } }');
    await page.waitForTimeout(700);
    await s.gql('mutation { createPart(input: { name: "Seen in GraphiQL" }) { id } }', {}, s.adminToken);
    await until(
      async () => /Seen in GraphiQL/.test(await editorValue(page, '.graphiql-response .CodeMirror')),
      'subscription result',
    );
    await screenshot(page, 'graphiql');
  });

  it('a non-staff user sees no staff pages (and the server refuses them anyway)', async () => {
    const token = await s.userToken({ username: 'viewer' });
    const page = await open({ width: 390, height: 844 });
    await signIn(page, base, 'viewer', 'viewer-password');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Parts' }).waitFor();
    for (const name of ['Plugins', 'Registry', 'Switches', 'Events'])
      assert.equal(await nav.getByRole('link', { name }).count(), 0, `${name} hidden`);
    await page.goto(`${base}/registry`);
    await page.getByRole('heading', { level: 1, name: 'Staff only' }).waitFor();
    await screenshot(page, 'phone-non-staff');
    const r = await s.gql('{ pluginRegistryStatus { activeKeys } }', {}, token);
    assert.equal(r.errors?.[0].extensions?.code, 'FORBIDDEN');
  });

  it('every page stayed offline and within the Content-Security-Policy', () => {
    assert.deepEqual(b.outside, [], 'requests outside localhost');
    assert.deepEqual(cspViolations, [], 'CSP violations');
    assert.deepEqual(pageErrors, [], 'uncaught page errors');
  });
});
