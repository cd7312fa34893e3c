// Projection panel in a real VS Code (code-server + headless Chromium): "XLens: Show Projection"
// on run a computes the UMAP layout in the engine worker and draws it with WebGL. The test checks
// the canvas is not blank, hides a language, clicks a point (translations, edges, neighbours),
// searches, box-selects, hovers the hostile `<img src=x onerror=alert(1)>` question (shown as
// text) and finds hidden languages, selection and clicked point again after a window reload.
import assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { XSS, buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';

/** What the webview exposes as `window.xlensProjection` (read-only, for tests). */
interface ProjectionHook {
  clientPosition(i: number): { x: number; y: number };
  indicesOf(text: string): number[];
  visibleCount(): number;
  scatter: { edgeCount: number; frames: number };
}
type HookWindow = Window & { xlensProjection: ProjectionHook };

/** Canvas pixels with any ink (the plot's background is transparent over the theme colour). */
async function litPixels(frame: FrameLocator): Promise<number> {
  // The WebGL canvas keeps its drawing buffer (preserveDrawingBuffer), so it can be read back.
  return frame.locator('canvas.pp-gl').evaluate(async (c: HTMLCanvasElement) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let lit = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) lit++;
    return lit;
  });
}

/** Position of point i relative to the plot overlay (for locator.click/hover). */
async function pointPosition(overlay: Locator, i: number): Promise<{ x: number; y: number }> {
  return overlay.evaluate((el, i) => {
    const p = (window as unknown as HookWindow).xlensProjection.clientPosition(i);
    const r = el.getBoundingClientRect();
    return { x: p.x - r.left, y: p.y - r.top };
  }, i);
}

async function visibleCount(frame: FrameLocator): Promise<number> {
  return Number(await frame.locator('.pp-status').getAttribute('data-visible'));
}

async function openProjection(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'XLens: Show Projection');
  // Runs are listed newest first: run a (dim 2048) is the older one.
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'bilingual' });
  await rows.first().waitFor({ timeout: 30_000 });
  await rows.last().click();
  const frame = webviewFrame(page);
  await frame.locator('.pp-status[data-visible]').waitFor({ timeout: 120_000 });
  return frame;
}

describe('XLens Projection panel', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;
  let xssIndex = -1;
  let clicked = -1;
  let selectedRows = 0;

  before(async () => {
    ws = buildUiWorkspace('ui-projection');
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the command palette and draws the points (canvas not blank)', async () => {
    const page = wb!.page;
    const frame = await openProjection(page);
    assert.match(await frame.locator('h1').innerText(), /^Projection: xquad · bilingual · \S*char-ngram/);
    assert.match(await frame.locator('.pp-subtitle').innerText(), /UMAP of 444 2048-d embeddings · 15 neighbours/);
    // 74 questions in each of the six languages.
    assert.equal(await visibleCount(frame), 444);
    assert.deepEqual(await frame.locator('.legend-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-lang'))), ['ar', 'de', 'en', 'es', 'hi', 'zh']);
    assert.match(await frame.locator('.legend-item[data-lang="de"]').innerText(), /de\s+74/);
    const lit = await litPixels(frame);
    assert.ok(lit > 3000, `only ${lit} lit pixels`);
    await screenshot(page, 'projection');
  });

  it('hides a language from the legend: fewer points drawn', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const before = await litPixels(frame);
    await frame.locator('.legend-item[data-lang="hi"]').click();
    await frame.locator('.legend-item.hidden[data-lang="hi"]').waitFor();
    assert.equal(await frame.locator('.legend-item[data-lang="hi"]').getAttribute('aria-pressed'), 'false');
    assert.equal(await visibleCount(frame), 370);
    assert.match(await frame.locator('.pp-status').innerText(), /Showing 370 of 444 points/);
    const after = await litPixels(frame);
    assert.ok(after < before, `lit pixels ${before} → ${after}`);
    // The legend works from the keyboard too: Space hides es, Enter shows it again.
    const es = frame.locator('.legend-item[data-lang="es"]');
    await es.focus();
    await es.press(' ');
    assert.equal(await visibleCount(frame), 296);
    await es.press('Enter');
    assert.equal(await visibleCount(frame), 370);
  });

  it('clicks a point: its text, translations with edges, and nearest neighbours', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const overlay = frame.locator('canvas.pp-overlay');
    // The English hostile question: its text must stay text everywhere.
    const hits = await overlay.evaluate((_, xss) => (window as unknown as HookWindow).xlensProjection.indicesOf(xss), XSS);
    assert.equal(hits.length, 2, 'the de and en questions carry the hostile text');
    xssIndex = hits[1];
    clicked = xssIndex;
    await overlay.click({ position: await pointPosition(overlay, clicked) });
    await frame.locator('.pp-point .pp-text').waitFor();
    assert.ok((await frame.locator('.pp-point .pp-text').innerText()).startsWith(XSS));
    assert.match(await frame.locator('.pp-point .pp-meta').innerText(), /en\s+query/);
    // Five translations listed; hi is hidden, so four edges are drawn.
    assert.equal(await frame.locator('.pp-translations tr').count(), 5);
    assert.equal(await overlay.evaluate(() => (window as unknown as HookWindow).xlensProjection.scatter.edgeCount), 4);
    await frame.locator('.pp-neighbours tbody tr').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.pp-neighbours tbody tr').count(), 10);
    const first = await frame.locator('.pp-neighbours tbody tr').first().locator('td').allInnerTexts();
    assert.match(first[0], /^1/);
    assert.match(first[2], /^(0|1)\.\d{3}$/);
    assert.equal(await frame.locator('img').count(), 0);
  });

  it('searches texts and highlights the matches', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('vscode-textfield.pp-search input').fill('Panthers');
    await frame.locator('.pp-matches[data-count]:not([data-count="0"])').waitFor();
    const count = Number(await frame.locator('.pp-matches').getAttribute('data-count'));
    assert.ok(count >= 5, `${count} matches`);
    assert.match(await frame.locator('.pp-matches').innerText(), /^\d+ match(es)?/);
  });

  it('box-selects points and lists them in the side table', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('vscode-radio[value="box"]').click();
    const box = (await frame.locator('canvas.pp-overlay').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.75, { steps: 8 });
    await page.mouse.up();
    await frame.locator('.pp-selection-table tbody tr').first().waitFor();
    selectedRows = await frame.locator('.pp-selection-table tbody tr').count();
    assert.ok(selectedRows > 10, `${selectedRows} rows`);
    assert.match(await frame.locator('.pp-selection h2').innerText(), new RegExp(`Selection \\(${selectedRows}\\)`));
    // Hidden hi points are not selected.
    const langs = await frame.locator('.pp-selection-table tbody tr td:first-child').allInnerTexts();
    assert.ok(!langs.some((l) => l.trim() === 'hi'));
    await screenshot(page, 'projection-selected');
  });

  it('hovers the hostile question: the tooltip shows it as text, no img element', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const overlay = frame.locator('canvas.pp-overlay');
    await overlay.hover({ position: await pointPosition(overlay, xssIndex) });
    const tooltip = frame.locator('.pp-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.ok((await tooltip.locator('.pp-tooltip-text').innerText()).startsWith(XSS));
    assert.equal(await frame.locator('img').count(), 0);
    const dialogs: string[] = [];
    page.on('dialog', (d) => dialogs.push(d.message()));
    await screenshot(page, 'projection-hover');
    assert.deepEqual(dialogs, []);
  });

  it('comes back after "Developer: Reload Window" with hidden language, selection and clicked point', async () => {
    const page = wb!.page;
    // runCommand presses Escape first, which the focused plot takes as "clear the selection":
    // move the focus to the Explorer so the keys reach the workbench.
    await page.locator('.part.sidebar .pane-body').first().click({ position: { x: 60, y: 200 } });
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('.pp-status[data-visible]').waitFor({ timeout: 120_000 });
    await frame.locator('.legend-item.hidden[data-lang="hi"]').waitFor();
    assert.equal(await visibleCount(frame), 370);
    assert.equal(await frame.locator('.pp-selection-table tbody tr').count(), selectedRows);
    assert.ok((await frame.locator('.pp-point .pp-text').innerText()).startsWith(XSS));
    assert.equal(await frame.locator('vscode-textfield.pp-search').evaluate((e) => (e as HTMLElement & { value: string }).value), 'Panthers');
    assert.ok((await litPixels(frame)) > 2000);
    await frame.locator('.pp-neighbours tbody tr').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'projection-reloaded');
  });

  it('follows a theme switch: points and legend take the dark theme colours', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const swatch = frame.locator('.legend-item[data-lang="ar"] .swatch');
    const light = await swatch.evaluate((e) => getComputedStyle(e).backgroundColor);
    await page.locator('.part.sidebar .pane-body').first().click({ position: { x: 60, y: 200 } });
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), undefined, { timeout: 30_000 });
    await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    const dark = await swatch.evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(dark, light, 'the legend swatch changed colour with the theme');
    assert.ok((await litPixels(frame)) > 2000);
    await screenshot(page, 'projection-dark');
  });
});
