// GraphiQL driven in a browser page (the web tests): read an editor's text, run a query, search
// the documentation explorer. Selectors are GraphiQL 3's (CodeMirror 5 editors, data-cy hooks).
import type { Page } from 'playwright-core';

/** The text of a GraphiQL editor (CodeMirror 5 keeps its instance on the wrapper element). */
export function editorValue(page: Page, selector: string): Promise<string> {
  return page.evaluate(
    (sel) =>
      ((globalThis as any).document.querySelector(sel) as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
    selector,
  );
}

/** Replaces the query editor's text and runs it. */
export async function runInGraphiQL(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  await page.evaluate((q) => {
    (
      (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror') as {
        CodeMirror: { setValue(v: string): void };
      }
    ).CodeMirror.setValue(q);
  }, query);
  // GraphiQL re-reads the operations of an edited document after a short debounce.
  await page.waitForTimeout(600);
  await page.getByRole('button', { name: /Execute query/ }).click();
}

/** Searches GraphiQL's documentation explorer; resolves to the text of its result list. */
export async function docSearch(page: Page, text: string): Promise<string> {
  const input = page.locator('[data-cy="doc-explorer-input"]');
  if (!(await input.isVisible())) await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await input.fill('');
  await input.fill(text);
  await page.waitForTimeout(300);
  return (await page.locator('.graphiql-plugin').textContent()) ?? '';
}
