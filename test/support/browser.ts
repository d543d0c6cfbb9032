// Browser tests drive Debian's Chromium with playwright-core (no browser download): CHROMIUM_PATH
// or /usr/bin/chromium, as root with --no-sandbox and the flags that keep Chromium off the network.
// Without a Chromium the browser tests are skipped with ONE line saying how to install it.
// Also: a guard that records every request a page makes outside this machine (the web admin
// and GraphiQL must work offline), and screenshots into test-artifacts/ (git-ignored).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/**
 * `skip` option for node:test: a reason string when there is no Chromium. The line is printed once
 * per test run: each test file runs in its own process, and the first to claim a marker named
 * after the runner's pid prints it.
 */
export function browserSkip(): string | false {
  if (HAVE_CHROMIUM) return false;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get install chromium\`, or set CHROMIUM_PATH)`;
  try {
    writeFileSync(path.join(os.tmpdir(), `partgraph-browser-skip-${process.ppid}`), reason, { flag: 'wx' });
    console.log(`# ${reason}`);
  } catch {
    // Another browser test file of this run already said it.
  }
  return reason;
}

export const ARTIFACTS = path.resolve(process.cwd(), 'test-artifacts');

export interface BrowserHandle {
  browser: Browser;
  /** A new context (own storage, so own session) with the offline guard on every page. */
  newPage(opts?: { width?: number; height?: number }): Promise<Page>;
  /** Requests that left localhost, on every page so far. */
  outside: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserHandle> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // launch() gives Chromium a fresh temporary profile (user-data dir) and deletes it on close.
  });
  const outside: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    outside,
    async newPage(opts = {}) {
      const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('request', (req) => {
        const url = new URL(req.url());
        const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
        if (!local && !['data:', 'about:', 'blob:'].includes(url.protocol)) outside.push(req.url());
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Saves a screenshot (the whole page unless `fullPage` is false) as test-artifacts/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Signs in through the app's form and waits for the dashboard. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}
