// `npm run icon`: renders the Marketplace icon media/xlens-128.png (128×128) from media/xlens.svg,
// the activity-bar glyph, drawn white on the gallery banner's colour, with headless Chromium
// (playwright-core, Debian's /usr/bin/chromium). Re-run after changing the SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './code-server/install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const svg = readFileSync(join(root, 'media', 'xlens.svg'), 'utf8').replace(/width="24" height="24"/, 'width="96" height="96"');
const out = join(root, pkg.icon);
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
  background:linear-gradient(135deg,#2b6cb0,${pkg.galleryBanner.color});color:#fff">${svg}</div></body></html>`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
