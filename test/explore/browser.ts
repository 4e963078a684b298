// Chromium for the explorer tests: Debian's /usr/bin/chromium driven by playwright-core, a fresh profile,
// no network services; every request that is not file:, blob: or data:, every console error and every
// page error is recorded for the tests to assert on.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests that left the page (anything but file:, blob:, data:). */
  readonly outside: string[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openPage(url: string, width = 1280, height = 900, deviceScaleFactor = 1): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'addersim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width, height },
    deviceScaleFactor,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const outside: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => {
    if (!/^(file|blob|data):/.test(r.url())) outside.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { addersim?: unknown }).addersim !== undefined);
  await page.evaluate(() => (window as unknown as { addersim: { ready: Promise<unknown> } }).addersim.ready);
  return {
    context,
    page,
    outside,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ResultDoc {
  schema: string;
  macs: number;
  results: { variant: string; cycles: number; layers: { layer: string; cycles: number; bottleneck?: string }[] }[];
}

/** `window.addersim.set(patch)` in the page; resolves with the recomputed result. */
export function setIn(page: Page, patch: Record<string, unknown>): Promise<ResultDoc> {
  return page.evaluate((p) => (window as unknown as { addersim: { set(p: unknown): Promise<ResultDoc> } }).addersim.set(p), patch);
}
