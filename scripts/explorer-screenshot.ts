// Takes the README's screenshot of the explorer (docs/explorer.png, 1,280 px wide window): lenet5-bn on
// the VIA Nano 2000 with the paper's model, one latency edited, a sweep of it with the crossover marked.
// Also writes a 420 px wide one to /tmp for review. Needs Chromium (/usr/bin/chromium).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.ts';
import { openPage, setIn } from '../test/explore/browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-shot-'));
await main(['explore', '--out', dir]);
const url = pathToFileURL(join(dir, 'index.html')).href;
const out = resolve(process.argv[2] ?? join(import.meta.dirname, '../docs/explorer.png'));
for (const width of [1280, 420]) {
  // The README's copy at 0.75 scale (960 px of image for a 1,280 px window) keeps the file small.
  const s = await openPage(url, width, width === 1280 ? 860 : 900, width === 1280 ? 0.75 : 1);
  await setIn(s.page, {
    model: 'lenet5-bn',
    cpu: 'via-nano-2000',
    scheduler: 'serial',
    lowering: 'paper',
    convert: 'all',
    variants: 'all',
    overrides: { 'forms.mul.f64.latency': 3 },
  });
  await s.page.selectOption('#sweep-path', 'forms.mul.f64.latency');
  await s.page.click('#sweep-run');
  await s.page.waitForFunction(() => document.getElementById('crossover')!.textContent !== '');
  await s.page.evaluate(() => window.scrollTo(0, 0));
  await s.page.screenshot({ path: width === 1280 ? out : '/tmp/explorer-420.png', fullPage: width !== 1280 });
  if (s.errors.length || s.outside.length) throw new Error(`page errors ${s.errors.join('; ')} requests ${s.outside.join(', ')}`);
  await s.close();
}
process.stdout.write(`wrote ${out} and /tmp/explorer-420.png\n`);
