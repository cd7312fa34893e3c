// Projection panel in a real VS Code (code-server + headless Chromium): "XLens: Show Projection"
// on run a computes the UMAP layout (questions and passages) in the engine worker and draws it
// with WebGL. The test checks the canvas is not blank, shows queries only, hides a language,
// clicks a point (translations, edges, neighbours), searches, box-selects, hovers the hostile
// `<img src=x onerror=alert(1)>` question (shown as text) and finds hidden languages, selection
// and clicked point again after a window reload; then colours the run's queries and passages
// (discs and squares) by per-query outcomes (EIR-inclined, MaxRank) with a keyboard-operable
// legend and reads a query's pool documents; last, "XLens: Project Sentences…" projects a
// FLORES/SIB-200 sample without any run.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { answerQuickPick, openWorkbench, repoRoot, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { XSS, buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';

const FLORES = join(repoRoot, '..', 'shared', 'data', 'flores200-sib');
/** Twelve varieties: more than the picker ticks by default (it preselects ten common ones, not the two Acehnese scripts). */
const SENTENCE_LANGS = ['eng_Latn', 'deu_Latn', 'fra_Latn', 'spa_Latn', 'rus_Cyrl', 'zho_Hans', 'arb_Arab', 'hin_Deva', 'jpn_Jpan', 'swh_Latn', 'ace_Arab', 'ace_Latn'];

/** `data/flores-mini` in the workspace: the first rows of each SIB-200 split (60 a language), one hostile German sentence. */
function addFloresSample(folder: string): void {
  if (!existsSync(FLORES)) throw new Error(`${FLORES} is missing (the shared FLORES/SIB-200 data)`);
  for (const lang of SENTENCE_LANGS) {
    const dir = join(folder, 'data', 'flores-mini', lang);
    mkdirSync(dir, { recursive: true });
    for (const [split, n] of Object.entries({ dev: 40, test: 10, train: 10 })) {
      const lines = readFileSync(join(FLORES, lang, `${split}.tsv`), 'utf8').split('\n').slice(0, n + 1);
      if (lang === 'deu_Latn' && split === 'dev') {
        const [id, category] = lines[1].split('\t');
        lines[1] = [id, category, XSS].join('\t');
      }
      writeFileSync(join(dir, `${split}.tsv`), lines.join('\n') + '\n');
    }
  }
}

/** What the webview exposes as `window.xlensProjection` (read-only, for tests). */
interface ProjectionHook {
  clientPosition(i: number): { x: number; y: number };
  indicesOf(text: string): number[];
  visibleCount(): number;
  kindOf(i: number): number;
  scatter: { edgeCount: number; frames: number; glyphCounts: { discs: number; squares: number } };
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
  let deXssIndex = -1;
  let clicked = -1;
  let selectedRows = 0;

  before(async () => {
    ws = buildUiWorkspace('ui-projection');
    addFloresSample(ws.folder);
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the command palette and draws the points (canvas not blank)', async () => {
    const page = wb!.page;
    const frame = await openProjection(page);
    assert.match(await frame.locator('h1').innerText(), /^Projection: xquad · bilingual · \S*char-ngram/);
    // 74 questions and 5 passages in each of the six languages.
    assert.match(await frame.locator('.pp-subtitle').innerText(), /UMAP of 474 2048-d embeddings · 15 neighbours/);
    assert.equal(await visibleCount(frame), 474);
    assert.deepEqual(await frame.locator('.pp-legend .legend-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-lang'))), ['ar', 'de', 'en', 'es', 'hi', 'zh']);
    assert.match(await frame.locator('.legend-item[data-lang="de"]').innerText(), /de\s+79/);
    // Legend items are buttons whose aria-pressed says whether the language is shown.
    assert.deepEqual(await frame.locator('.pp-legend .legend-item').evaluateAll((els) => els.map((e) => `${e.tagName}:${e.getAttribute('aria-pressed')}`)), Array(6).fill('BUTTON:true'));
    // Queries are discs, passages squares; the key names both glyphs.
    assert.deepEqual(await frame.locator('.pp-glyph-key').allInnerTexts(), ['queries 444', 'documents 30']);
    assert.deepEqual(await frame.locator('canvas.pp-overlay').evaluate(() => (window as unknown as HookWindow).xlensProjection.scatter.glyphCounts), { discs: 444, squares: 30 });
    const lit = await litPixels(frame);
    assert.ok(lit > 3000, `only ${lit} lit pixels`);
    await screenshot(page, 'projection');
    // Queries only: the 444 questions.
    await frame.locator('.pp-kinds vscode-radio[value="queries"]').click();
    await frame.locator('.pp-status[data-visible="444"]').waitFor();
  });

  it('hides a language from the legend: fewer points drawn', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const before = await litPixels(frame);
    await frame.locator('.legend-item[data-lang="hi"]').click();
    await frame.locator('.legend-item.hidden[data-lang="hi"]').waitFor();
    assert.equal(await frame.locator('.legend-item[data-lang="hi"]').getAttribute('aria-pressed'), 'false');
    assert.equal(await visibleCount(frame), 370);
    assert.match(await frame.locator('.pp-status').innerText(), /Showing 370 of 474 points/);
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
    assert.equal(hits.length, 4, 'the de and en questions and passages carry the hostile text');
    // Questions come first: de, then en.
    assert.deepEqual(await overlay.evaluate((_, hs) => hs.map((i) => (window as unknown as HookWindow).xlensProjection.kindOf(i)), hits), [0, 0, 1, 1]);
    xssIndex = hits[1];
    deXssIndex = hits[0];
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

  it('colours the run’s queries and passages by EIR-inclined and MaxRank; the legend is keyboard-operable', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('.pp-kinds vscode-radio[value="both"]').click();
    await frame.locator('.pp-status[data-visible="395"]').waitFor(); // hi still hidden: 474 − 79
    await frame.locator('select.pp-colour-by').selectOption('EIR');
    await frame.locator('.pp-status[data-colour="EIR"]').waitFor();
    assert.equal(await frame.locator('.pp-key .pp-key-title').innerText(), 'EIR-inclined:');
    const values = frame.locator('.pp-key button.legend-item');
    assert.deepEqual(await values.evaluateAll((els) => els.map((e) => e.getAttribute('data-value'))), ['0', '1', 'none']);
    const count = async (v: string) => Number(/(\d+)$/.exec((await frame.locator(`.pp-key button[data-value="${v}"]`).innerText()).trim())![1]);
    const [no, yes, none] = [await count('0'), await count('1'), await count('none')];
    // Bilingual run: the 370 non-English questions have an EIR value; the 74 English ones (the pivot) and the 30 passages have none.
    assert.equal(no + yes, 370);
    assert.equal(none, 104);
    assert.match(await frame.locator('.pp-key-definition').innerText(), /at least one irrelevant en \(pivot\) document ranks above the best-ranked relevant document in the query's language/);
    assert.deepEqual(await frame.locator('.pp-glyph-key').allInnerTexts(), ['queries 444', 'documents 30']);
    // Language swatches step aside while colour means the outcome (the language buttons still filter).
    assert.equal(await frame.locator('.pp-legend .swatch').first().evaluate((e) => getComputedStyle(e).display), 'none');
    assert.ok((await litPixels(frame)) > 2000);
    await screenshot(page, 'projection-outcome-eir');

    // Keyboard: Tab reaches the value buttons (focus ring shown); Space hides the inclined queries, Enter shows them again.
    const inclined = frame.locator('.pp-key button[data-value="1"]');
    await frame.locator('.pp-key button[data-value="0"]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await inclined.evaluate((e) => e === document.activeElement), true);
    const ring = await inclined.evaluate((e) => { const s = getComputedStyle(e); return `${s.outlineStyle} ${s.outlineWidth}`; });
    assert.equal(ring, 'solid 2px');
    const shown = await visibleCount(frame);
    await page.keyboard.press('Space');
    assert.equal(await inclined.getAttribute('aria-pressed'), 'false');
    const withoutInclined = await visibleCount(frame);
    assert.ok(withoutInclined < shown && withoutInclined >= shown - yes, `${shown} → ${withoutInclined}`);
    await page.keyboard.press('Enter');
    assert.equal(await inclined.getAttribute('aria-pressed'), 'true');
    assert.equal(await visibleCount(frame), shown);

    await frame.locator('select.pp-colour-by').selectOption('MaxRank');
    await frame.locator('.pp-status[data-colour="MaxRank"]').waitFor();
    assert.equal(await frame.locator('.pp-key .pp-key-title').innerText(), 'MaxRank:');
    await frame.locator('.pp-ramp').waitFor();
    const ticks = await frame.locator('.pp-ramp-tick').allInnerTexts();
    assert.equal(ticks[0], '1');
    assert.ok(Number(ticks[ticks.length - 1].replace(/,/g, '')) > 1, ticks.join(' '));
    assert.match(await frame.locator('.pp-key-definition').innerText(), /rank of the last relevant document/);
    await screenshot(page, 'projection-outcome-maxrank');
  });

  it('clicks a German query: its outcomes and its pool documents as the run ranked them (texts as text)', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const overlay = frame.locator('canvas.pp-overlay');
    await overlay.click({ position: await pointPosition(overlay, deXssIndex) });
    await frame.locator('.pp-point .pp-text').waitFor();
    assert.ok((await frame.locator('.pp-point .pp-text').innerText()).startsWith(XSS));
    assert.match(await frame.locator('.pp-point .pp-meta').innerText(), /de\s+query/);
    assert.match(await frame.locator('.pp-outcomes').innerText(), /MaxRank \d+/);
    const rows = frame.locator('.pp-pool-table tbody tr.pp-pool-row');
    await rows.first().waitFor({ timeout: 60_000 });
    // The run keeps its top 10; both translations of the passage (de and en) are relevant, in the list or below it.
    assert.ok((await rows.count()) >= 10);
    assert.equal(await frame.locator('.pp-pool-table tr.pp-is-relevant').count(), 2);
    const texts = await frame.locator('.pp-pool-table td.pp-cell-text').allInnerTexts();
    assert.ok(texts.some((t) => t.startsWith(XSS)), 'the hostile passage shows as text');
    assert.equal(await frame.locator('img').count(), 0);
    await screenshot(page, 'projection-pool');
  });

  it('"XLens: Project Sentences…" projects a FLORES/SIB-200 sample without a run', async () => {
    const page = wb!.page;
    await page.locator('.part.sidebar .pane-body').first().click({ position: { x: 60, y: 200 } });
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'XLens: Project Sentences…');
    await answerQuickPick(page, 'XLens: dataset', 'flores-mini');
    await answerQuickPick(page, 'XLens: model', 'builtin:char-ngram');
    // Ten of the twelve varieties are ticked (not the two Acehnese scripts); accept them.
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'XLens: languages to project (10 of 12 preselected)' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Enter');
    await widget.locator('.quick-input-title', { hasText: 'at most how many points' }).waitFor({ timeout: 30_000 });
    assert.equal(await widget.locator('.quick-input-box input').inputValue(), '600');
    await page.keyboard.press('Enter');
    const frame = webviewFrame(page);
    await frame.locator('.pp-status[data-visible]').waitFor({ timeout: 180_000 });
    assert.match(await frame.locator('h1').innerText(), /^Projection: flores-mini · char-ngram · 10 languages/);
    assert.match(await frame.locator('.pp-subtitle').innerText(), /UMAP of 600 2048-d embeddings/);
    assert.equal(await visibleCount(frame), 600);
    assert.equal(await frame.locator('.pp-legend button.legend-item').count(), 10);
    // No run: colour by language only; one glyph (sentences), so no glyph key and no kind control.
    assert.equal(await frame.locator('select.pp-colour-by').isDisabled(), true);
    assert.equal(await frame.locator('.pp-kinds').count(), 0);
    assert.ok((await litPixels(frame)) > 2000);
    const overlay = frame.locator('canvas.pp-overlay');
    const hits = await overlay.evaluate((_, xss) => (window as unknown as HookWindow).xlensProjection.indicesOf(xss), XSS);
    assert.equal(hits.length, 1);
    await overlay.click({ position: await pointPosition(overlay, hits[0]) });
    await frame.locator('.pp-point .pp-text').waitFor();
    assert.equal(await frame.locator('.pp-point .pp-text').innerText(), XSS);
    // Its nine translations are linked; its neighbours come from the projected sentences.
    assert.equal(await frame.locator('.pp-translations tr').count(), 9);
    await frame.locator('.pp-neighbours tbody tr').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.pp-pool-table').count(), 0);
    assert.match(await frame.locator('.pp-point .pp-meta').innerText(), /de\s+sentence/);
    assert.equal(await frame.locator('img').count(), 0);
    await screenshot(page, 'projection-sentences');
  });

  it('the sentence-set panel comes back after "Developer: Reload Window" (same dataset, languages and cap; no run)', async () => {
    const page = wb!.page;
    await page.locator('.part.sidebar .pane-body').first().click({ position: { x: 60, y: 200 } });
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('.pp-status[data-visible]').waitFor({ timeout: 180_000 });
    assert.match(await frame.locator('h1').innerText(), /^Projection: flores-mini · char-ngram · 10 languages/);
    assert.equal(await visibleCount(frame), 600);
    assert.equal(await frame.locator('.pp-point .pp-text').innerText(), XSS);
    assert.ok((await litPixels(frame)) > 2000);
    await screenshot(page, 'projection-sentences-reloaded');
  });
});

