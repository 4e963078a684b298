// Opens a written report's index.html from disk in headless Chromium (Debian's package, driven by
// playwright-core): every chart canvas is drawn, no network requests, no console errors, clicking a
// table header sorts the table, the page is no wider than the viewport at 1,280 px and at 420 px,
// numbers never wrap, the contents bar wraps (no sideways scroll), tooltips carry units. Screenshots (the page, and one per chart) go to
// test-output/ for a person to look at.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { buildStudyReport } from '../../src/reports/study-report.ts';
import { reportCharts } from '../../src/reports/report.ts';
import { writeReport } from '../../src/reports/write.ts';
import { runStudy } from '../../src/whatif/study.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(__dirname, '../../test-output');

describe.skipIf(!existsSync(CHROMIUM))('index.html in headless Chromium', () => {
  it('draws every chart, makes no network request, sorts tables on header click', async () => {
    const study = await runStudy({ models: ['lenet5-bn', 'resnet20'], cpus: ['via-nano-2000', 'intel-skylake'], schedulers: ['serial', 'bound'] });
    const report = buildStudyReport(study);
    const dir = join(mkdtempSync(join(tmpdir(), 'html-')), 'study');
    writeReport(report, dir, { formats: ['html'] });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);
      await page.waitForFunction(() => Boolean((window as unknown as { addersimCharts?: object }).addersimCharts));
      await page.waitForTimeout(1500); // let the chart animations finish before reading pixels
      const drawn = await page.evaluate(() =>
        Array.from(document.querySelectorAll('canvas')).map((c) => {
          const ctx = c.getContext('2d')!;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0 && (d[i]! < 200 || d[i + 1]! < 200 || d[i + 2]! < 200)) ink++;
          return { id: c.id, ink };
        }),
      );
      expect(drawn.map((d) => d.id)).toEqual(reportCharts(report).map((c) => `chart-${c.id}`));
      for (const d of drawn) expect(d.ink, d.id).toBeGreaterThan(1000);
      // sorting: the latency table by cycles, ascending then descending
      const col = await page.evaluate(() => Array.from(document.querySelectorAll('#table-latency thead th')).findIndex((th) => th.textContent === 'Cycles'));
      expect(col).toBeGreaterThan(0);
      const values = () =>
        page.evaluate(
          (c) =>
            Array.from(document.querySelectorAll('#table-latency tbody tr')).map((tr) => Number((tr as HTMLTableRowElement).cells[c]!.getAttribute('data-v'))),
          col,
        );
      const before = await values();
      await page.click(`#table-latency thead th:nth-child(${col + 1})`);
      const asc = await values();
      expect(asc).toEqual([...before].sort((a, b) => a - b));
      expect(asc).not.toEqual(before);
      await page.click(`#table-latency thead th:nth-child(${col + 1})`);
      expect(await values()).toEqual([...before].sort((a, b) => b - a));
      // tooltips name the unit: the ratio charts' label callback on a hand-made point
      const tip = await page.evaluate(() => {
        const charts = (
          window as unknown as { addersimCharts: Record<string, { options: { plugins: { tooltip: { callbacks: { label: (c: unknown) => string } } } } }> }
        ).addersimCharts;
        return charts['ratio-intel-skylake']!.options.plugins.tooltip.callbacks.label({ raw: 1.25, dataIndex: 0, dataset: { label: 'adder / cnn' } });
      });
      expect(tip).toBe('adder / cnn: 1.25 ×');
      // no horizontal overflow at 1,280 px (the page had 1,471 px: the ops table) and none at 420 px
      const widthAt = async (w: number) => {
        await page.setViewportSize({ width: w, height: 900 });
        await page.waitForTimeout(300);
        return page.evaluate(() => document.documentElement.scrollWidth);
      };
      // numbers stay on one line ("45.01 µJ", not "45.01⏎µJ"): one line box per numeric cell
      const wrapped = () =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll('td.num'))
            .filter((td) => {
              const r = document.createRange();
              r.selectNodeContents(td);
              return new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top))).size > 1;
            })
            .map((td) => td.textContent),
        );
      expect(await widthAt(420)).toBeLessThanOrEqual(420);
      expect(await wrapped()).toEqual([]);
      expect(await widthAt(1280)).toBeLessThanOrEqual(1280);
      expect(await wrapped()).toEqual([]);
      // the contents bar wraps its links instead of scrolling sideways (it had 1,725 px of links in 1,068 at 1,280 px),
      // and on top (sticky) stays at most two lines high there
      const nav = await page.evaluate(() => {
        const n = document.querySelector('nav.contents') as HTMLElement;
        const tops = new Set(Array.from(n.querySelectorAll('a')).flatMap((a) => Array.from(a.getClientRects()).map((r) => Math.round(r.top))));
        return { scroll: n.scrollWidth, client: n.clientWidth, lines: tops.size, links: n.querySelectorAll('a').length };
      });
      expect(nav.scroll).toBeLessThanOrEqual(nav.client);
      expect(nav.lines, JSON.stringify(nav)).toBeLessThanOrEqual(2);
      mkdirSync(join(OUT, 'charts'), { recursive: true });
      await page.screenshot({ path: join(OUT, 'report-index.png'), fullPage: true });
      for (const c of reportCharts(report)) await page.locator(`#chart-${c.id}`).screenshot({ path: join(OUT, 'charts', `${c.id}.png`) });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
