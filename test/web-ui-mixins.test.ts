// UI-mixin plugins in the browser: turning on the `ui-sample` plugin from the plugin page makes its
// panel appear on an open part page, its dashboard item and navigation entry (with its icon)
// appear, and its field Part.uiSampleBadge show up in an open GraphiQL — all without a reload;
// turning it off removes them again. Panels are sandboxed iframes (no allow-same-origin).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './events-helpers.js';
import { browserSkip, launchBrowser, screenshot, signIn, type BrowserHandle } from './support/browser.js';
import { docSearch } from './support/graphiql.js';
import { ADMIN, startTestServer, type TestServer } from './support/server.js';

const skip = browserSkip();

describe('UI mixins in the web admin', { skip }, () => {
  let s: TestServer;
  let base: string;
  let b: BrowserHandle;
  let partId: string;

  before(async () => {
    s = await startTestServer({ env: { PLUGIN_TESTING: 'true' } });
    base = s.url.replace(/\/graphql$/, '');
    b = await launchBrowser();
    const r = await s.gql('mutation { createPart(input: { name: "Panel host" }) { id } }', {}, s.adminToken);
    partId = r.data!.createPart.id;
  });
  after(async () => {
    await b?.close();
    await s?.stop();
  });

  it('toggling ui-sample shows and hides its panel, dashboard item, navigation and GraphiQL field live', async (t) => {
    const known = await s.gql('{ plugins(search: "ui-sample") { key } }', {}, s.adminToken);
    if (!known.data?.plugins.some((p: { key: string }) => p.key === 'ui-sample')) {
      t.skip('the ui-sample plugin (UI mixins, branch h/uimix) is not in this build');
      return;
    }
    const partPage = await b.newPage();
    await signIn(partPage, base, ADMIN.username, ADMIN.password);
    const dashboard = await partPage.context().newPage();
    await dashboard.goto(`${base}/`);
    await dashboard.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await partPage.goto(`${base}/parts/${partId}`);
    await partPage.getByRole('heading', { level: 1, name: 'Panel host' }).waitFor();
    const ide = await partPage.context().newPage();
    await ide.goto(`${base}/graphql`);
    await ide.locator('.graphiql-query-editor .CodeMirror').waitFor();
    assert.doesNotMatch(await docSearch(ide, 'uiSampleBadge'), /Part\.uiSampleBadge/);
    assert.equal(await partPage.locator('iframe').count(), 0);

    // Turn it on from the plugin page (its own tab), with the confirmation.
    const admin = await partPage.context().newPage();
    await admin.goto(`${base}/plugins/ui-sample`);
    await admin.getByRole('switch', { name: 'Active: UI Sample' }).click();
    await admin.getByRole('dialog', { name: 'Activate UI Sample?' }).getByRole('button', { name: 'Activate' }).click();
    await admin.getByRole('switch', { name: 'Active: UI Sample', checked: true }).waitFor();

    // The part page (never reloaded) now hosts the panel, sandboxed, showing its part id.
    const frame = partPage.locator('iframe[title^="Sample panel"]');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), 'allow-scripts allow-forms');
    await partPage.frameLocator('iframe[title^="Sample panel"]').getByText(`Sample panel for part ${partId}`).waitFor();
    const nav = partPage.getByRole('list', { name: 'Plugin pages' });
    await nav.getByRole('link', { name: 'UI sample' }).waitFor();
    assert.equal(await nav.locator('img.icon').count(), 1, 'the navigation entry shows its icon from the icon pack');
    await dashboard.getByRole('heading', { name: 'Sample dashboard item' }).waitFor();
    await dashboard.frameLocator('iframe[title^="Sample dashboard item"]').getByText('Sample dashboard item').waitFor();
    await waitFor('GraphiQL to show Part.uiSampleBadge', async () =>
      /Part\.uiSampleBadge/.test(await docSearch(ide, 'uiSampleBadge')),
    );
    await partPage.bringToFront();
    await screenshot(partPage, 'part-with-plugin-panel');
    await ide.bringToFront();
    await screenshot(ide, 'graphiql-plugin-field');

    // Off again (from the API, as another staff member would): everything goes, still no reload.
    await s.setPluginActive('ui-sample', false);
    await waitFor('panel removed', async () => (await partPage.locator('iframe').count()) === 0);
    await waitFor(
      'nav entry removed',
      async () => (await partPage.getByRole('link', { name: 'UI sample' }).count()) === 0,
    );
    await waitFor('dashboard item removed', async () => (await dashboard.locator('iframe').count()) === 0);
    await waitFor(
      'GraphiQL to drop Part.uiSampleBadge',
      async () => !/Part\.uiSampleBadge/.test(await docSearch(ide, 'uiSampleBadge')),
    );
    assert.deepEqual(b.outside, [], 'requests outside localhost');
  });
});
