import { chromium } from 'playwright-core';
const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 500 } });
await page.goto(url!);
const m = await page.evaluate(() => {
  const nav = document.querySelector('nav.contents') as HTMLElement;
  return { scrollWidth: nav.scrollWidth, clientWidth: nav.clientWidth, height: nav.getBoundingClientRect().height, docScroll: document.documentElement.scrollWidth, links: nav.querySelectorAll('a').length };
});
console.log(JSON.stringify(m));
await page.screenshot({ path: out!, clip: { x: 0, y: 0, width: 1280, height: 300 } });
await browser.close();
