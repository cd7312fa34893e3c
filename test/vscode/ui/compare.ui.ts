// Compare panel in a real VS Code (code-server + headless Chromium): run "XLens: Compare Runs…",
// pick run a then run b, check the per-language deltas, intervals and p-values; refuse a pair of
// different scenarios with a message saying what differs; change the grouping, metric set and
// test and find them again after "Developer: Reload Window"; export Markdown and CSV.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { acceptOpenDialog, acceptSaveDialog, openWorkbench, repoRoot, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';

const LANGS = ['ar', 'de', 'es', 'hi', 'zh'];
const LANGUAGE_NAMES: Record<string, string> = { ar: 'Arabic', de: 'German', es: 'Spanish', hi: 'Hindi', zh: 'Chinese' };

/** Picks the quick-pick row whose text (label, description or file path) contains `text`. */
async function pick(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

async function compare(page: Page, a: string, b: string): Promise<void> {
  await runCommand(page, 'XLens: Compare Runs…');
  await pick(page, a);
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'run B' }).waitFor({ timeout: 30_000 });
  await pick(page, b);
}

/** The table's data rows as {lang, metric, cells}. */
async function tableRows(frame: FrameLocator): Promise<Array<{ lang: string; metric: string; cells: string[] }>> {
  const rows = frame.locator('table.cmp-table tbody tr[data-lang]');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    out.push({ lang: (await r.getAttribute('data-lang'))!, metric: (await r.getAttribute('data-metric'))!, cells: await r.locator('td').allInnerTexts() });
  }
  return out;
}

/** Pixels the WebGL plot of run `run` painted (its drawing buffer is preserved for read-back). */
async function paintedPixels(frame: FrameLocator, run: string): Promise<number> {
  return frame.locator(`canvas.pp-gl[data-run="${run}"]`).evaluate((c: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  });
}


describe('XLens Compare panel', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-compare');
    // A run of another scenario, which Compare must refuse to pair with run a.
    const mono = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'eval', '--data', ws.data, '--model', 'builtin:char-ngram', '--scenario', 'mono', '--per-query', '--out', join(ws.folder, '.xlens', 'runs', 'c-mono.json')], { encoding: 'utf8' });
    assert.equal(mono.status, 0, mono.stderr);
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('refuses runs of different scenarios and says what differs', async () => {
    const page = wb!.page;
    await runCommand(page, 'XLens: Compare Runs…');
    await pick(page, 'a-char-ngram-2048');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'run B' }).waitFor({ timeout: 30_000 });
    // Comparable runs first; the mono run below a separator, with what differs.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'differs: scenario: bilingual (A) vs mono (B)' }).waitFor();
    await screenshot(page, 'compare-pick-b');
    await pick(page, 'c-mono');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'not comparable' });
    await toast.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500); // the toast slides in
    assert.match(await toast.innerText(), /scenario: bilingual \(A\) vs mono \(B\)/);
    await screenshot(page, 'compare-refused');
    assert.equal(await page.locator('iframe.webview.ready').count(), 0, 'no panel opened');
    await page.keyboard.press('Escape');
  });

  it('compares run a with run b: languages, deltas, intervals and p-values', async () => {
    const page = wb!.page;
    // An editor is open, so "beside" means a second column.
    await runCommand(page, 'File: New Untitled Text File');
    await compare(page, 'a-char-ngram-2048', 'b-char-ngram-512');
    const frame = webviewFrame(page);
    await frame.locator('table.cmp-table').waitFor({ timeout: 90_000 });
    // Opened beside the editor: the panel's tab is in the second editor group.
    assert.ok((await page.locator('.editor-group-container').count()) >= 2, 'Compare opens in a second editor column');
    assert.match(await frame.locator('.cmp-run-a').innerText(), /builtin:char-ngram · dim 2048/);
    assert.match(await frame.locator('.cmp-run-b').innerText(), /dim 512/);
    assert.match(await frame.locator('[data-testid="test-method"]').innerText(), /Paired randomisation test \(sign flip\) · 10,000 samples · seed 0/);
    // Significance is judged on p-values corrected over every cell (Holm by default).
    assert.match(await frame.locator('[data-testid="test-method"]').innerText(), /significant when p adj\. < 0\.05: Holm–Bonferroni over all \d+ cells/);
    const rows = await tableRows(frame);
    const metrics = [...new Set(rows.map((r) => r.metric))];
    assert.deepEqual(metrics, ['nDCG@10', 'mAP', 'Max@R', 'Complete@10', 'EIR']);
    for (const m of metrics) assert.deepEqual(rows.filter((r) => r.metric === m).map((r) => r.lang), [...LANGS, 'overall']);
    for (const r of rows) {
      // Every language has its 74 paired queries (header), so the table has no count column.
      const [lang, a, b, deltaCell, ci, p, pAdj, wtl] = r.cells;
      const delta = deltaCell.replace(/\s*[▲▼].*$/s, '');
      // Language rows are named (`de — German`), the overall row is not.
      assert.equal(lang, r.lang === 'overall' ? 'overall' : `${r.lang} — ${LANGUAGE_NAMES[r.lang]}`);
      // Δ is B − A as shown (rounding aside), the interval is [lo, hi], p in (0, 1].
      const num = (s: string) => Number(s.replace('−', '-'));
      assert.ok(Math.abs(num(b) - num(a) - num(delta)) <= (r.metric === 'Max@R' ? 0.11 : 0.0011), `${r.metric} ${lang}: ${a} ${b} ${delta}`);
      assert.match(ci, /^\[[−+]?\d+\.\d+, [−+]?\d+\.\d+\]$/);
      const pv = num(p);
      assert.ok(pv > 0 && pv <= 1, `p ${p}`);
      const pa = num(pAdj);
      assert.ok(pa >= pv && pa <= 1, `p adj. ${pAdj} < p ${p}`);
      // Marked significant exactly when the corrected p is below 0.05.
      assert.equal(/[▲▼]/.test(deltaCell), pa < 0.05, `${r.metric} ${lang}: ${deltaCell} with p adj. ${pAdj}`);
      const [w, t, l] = wtl.split('/').map((x) => Number(x.trim().replace(/,/g, '')));
      assert.equal(w + t + l, r.lang === 'overall' ? 74 * LANGS.length : 74, `${r.metric} ${lang}: ${wtl}`);
    }
    // Significant cells are marked (arrow, colour, and in words for screen readers).
    const marked = frame.locator('td.cmp-delta.cmp-better, td.cmp-delta.cmp-worse');
    assert.equal(await frame.locator('tr[data-verdict="worse"] td.cmp-delta .cmp-sr', { hasText: 'worse' }).count(), await frame.locator('tr[data-verdict="worse"]').count());
    const summary = await frame.locator('[data-testid="summary"]').innerText();
    assert.match(summary, /Significant after Holm–Bonferroni over all \d+ cells \(p adj\. < 0\.05\): \d+ better, \d+ worse of 30 language × metric cells shown \(\d+ with uncorrected p < 0\.05\)\./);
    const [, better, worse] = summary.match(/(\d+) better, (\d+) worse/)!;
    assert.equal(await marked.count(), Number(better) + Number(worse));
    assert.equal(await frame.locator('img').count(), 0);
    await screenshot(page, 'compare');
  });

  it('shows both runs\' projections in one joint layout, with displacement against the noise baseline', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('vscode-button[data-key="show-projections"]').click();
    await frame.locator('.cmp-proj-info').waitFor({ timeout: 120_000 });
    assert.match(await frame.locator('.cmp-proj-info').innerText(), /laid out together .* pulled toward its position in the other layout .* noise baseline/);
    const words = await frame.locator('[data-testid="displacement-summary"]').innerText();
    assert.match(words, /Median displacement A → B: \d+\.\d\d layout radii .* Noise baseline, char-ngram laid out jointly with itself under the same seeds \(42 and 43\): median \d+\.\d\d, 95th percentile \d+\.\d\d\. \d+ of \d+ points \([\d.]+%\) moved further than 95% of the baseline's points/);
    assert.equal(await frame.locator('svg.cmp-disp-chart rect.cmp-disp-bar').count(), 30);
    // Coloured by displacement first: one legend entry per class, counts summing to the points.
    assert.deepEqual(await frame.locator('.cmp-proj-legend .legend-code').allInnerTexts(), ['≤ noise p95', '1–2× noise', '2–4× noise', '> 4× noise']);
    assert.deepEqual(await frame.locator('.cmp-proj figcaption').allInnerTexts(), ['A char-ngram (builtin:char-ngram, dim 2048)', 'B char-ngram (builtin:char-ngram?dim=512, dim 512)']);
    for (const run of ['A', 'B']) assert.ok((await paintedPixels(frame, run)) > 200, `plot ${run} is blank`);
    await frame.locator('.cmp-projections').scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000); // the scroll settles and the progress toast closes
    await screenshot(page, 'compare-projections');
    const colour = frame.locator('vscode-single-select[data-key="colour-by"]');
    await colour.click();
    await colour.getByRole('option', { name: 'language' }).click();
    await frame.locator('.cmp-proj-legend .legend-item[data-lang="en"]').waitFor();
    assert.deepEqual(await frame.locator('.cmp-proj-legend .legend-code').allInnerTexts(), ['ar', 'de', 'en', 'es', 'hi', 'zh']);
    // Hiding a language hides it in both plots.
    const before = [await paintedPixels(frame, 'A'), await paintedPixels(frame, 'B')];
    await frame.locator('.cmp-proj-legend .legend-item[data-lang="en"]').click();
    await page.waitForTimeout(300);
    const after = [await paintedPixels(frame, 'A'), await paintedPixels(frame, 'B')];
    assert.ok(after[0] < before[0] && after[1] < before[1], `hiding en: ${before} → ${after}`);
  });

  it('keeps the grouping, metric set and test after "Developer: Reload Window"', async () => {
    const page = wb!.page;
    let frame = webviewFrame(page);
    await frame.locator('vscode-checkbox[data-key="metric:nDCG@1"]').click();
    const group = frame.locator('vscode-single-select[data-key="group"]');
    await group.click();
    await group.getByRole('option', { name: 'by language' }).click();
    await frame.locator('tr.cmp-group', { hasText: 'overall (mean over languages)' }).waitFor();
    const method = frame.locator('vscode-single-select[data-key="method"]');
    await method.click();
    await method.getByRole('option', { name: 'Paired bootstrap' }).click();
    await frame.locator('[data-testid="test-method"]', { hasText: 'Paired bootstrap test' }).waitFor({ timeout: 60_000 });
    const before = await tableRows(frame);
    assert.deepEqual([...new Set(before.map((r) => r.metric))], ['nDCG@1', 'nDCG@10', 'mAP', 'Max@R', 'Complete@10', 'EIR']);
    assert.deepEqual([...new Set(before.map((r) => r.lang))], [...LANGS, 'overall']);
    assert.equal(before[0].lang, 'ar');

    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    frame = webviewFrame(page);
    await frame.locator('table.cmp-table').waitFor({ timeout: 90_000 });
    assert.match(await frame.locator('[data-testid="test-method"]').innerText(), /Paired bootstrap test · 10,000 samples/);
    await frame.locator('tr.cmp-group', { hasText: 'overall (mean over languages)' }).waitFor();
    const after = await tableRows(frame);
    assert.deepEqual(after, before, 'the same figures (seeded) in the same layout');
    // The projections come back too, with English still hidden.
    await frame.locator('.cmp-proj-info').waitFor({ timeout: 120_000 });
    await frame.locator('.cmp-proj-legend .legend-item.hidden[data-lang="en"]').waitFor();
    assert.ok((await paintedPixels(frame, 'B')) > 200);
    await screenshot(page, 'compare-reloaded');
  });

  it('exports Markdown and CSV through the save dialog', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const name = 'compare-xquad-bilingual-char-ngram-vs-char-ngram';
    await frame.locator('vscode-button[data-key="export-md"]').click();
    const md = await acceptSaveDialog(page, join(ws.folder, `${name}.md`));
    assert.match(md, /^# XLens comparison: xquad, bilingual \(pivot en\)/);
    assert.match(md, /paired bootstrap test, 10,000 samples, seed 0/);
    assert.match(md, /\| lang \| queries \| A \| B \| Δ \| 95% CI \| p \| p adj\. \| B wins\/ties\/losses \| \|/);
    assert.match(md, /## Max@R \(lower is better\)/);
    await frame.locator('vscode-button[data-key="export-csv"]').click();
    const csv = (await acceptSaveDialog(page, join(ws.folder, `${name}.csv`))).trim().split('\n');
    assert.equal(csv[0], 'lang,metric,lower_is_better,queries,a,b,delta,ci_low,ci_high,p,p_adjusted,correction,wins,ties,losses,verdict,method,samples,seed');
    assert.ok(csv.some((l) => l.startsWith('overall,Max@R,true,')));
  });

  it('swaps A and B: the deltas change sign', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const before = await tableRows(frame);
    await frame.locator('vscode-button[data-key="swap"]').click();
    await frame.locator('.cmp-run-a', { hasText: 'dim 512' }).waitFor({ timeout: 60_000 });
    await frame.locator('.cmp-table-wrap:not(.cmp-stale)').waitFor();
    const after = await tableRows(frame);
    const deltaOf = (rows: typeof before, lang: string, metric: string) => rows.find((r) => r.lang === lang && r.metric === metric)!.cells[3].replace(/\s*[▲▼].*$/s, '');
    const flip = (s: string) => (s.startsWith('+') ? `−${s.slice(1)}` : s.startsWith('−') ? `+${s.slice(1)}` : s);
    assert.equal(deltaOf(after, 'de', 'Max@R'), flip(deltaOf(before, 'de', 'Max@R')));
    const cellsOf = (rows: typeof before) => rows.find((r) => r.lang === 'de' && r.metric === 'Max@R')!.cells;
    assert.equal(cellsOf(after)[5], cellsOf(before)[5], 'same p-value');
    assert.equal(cellsOf(after)[6], cellsOf(before)[6], 'same corrected p-value');
    // B's wins are A's losses.
    assert.deepEqual(cellsOf(after)[7].split(' / ').reverse(), cellsOf(before)[7].split(' / '));
    await frame.locator('.cmp-proj-info').waitFor({ timeout: 120_000 });
  });

  it('adds a published MTEB result as a baseline row under its languages', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const dir = join(ws.folder, 'mteb-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'XQuADRetrieval.json');
    writeFileSync(file, JSON.stringify({ task_name: 'XQuADRetrieval', model_name: 'org/<b>model</b>', scores: { test: [{ hf_subset: 'de', languages: ['deu-Latn'], ndcg_at_10: 0.5, map_at_10: 0.4 }] } }));
    await frame.locator('vscode-button[data-key="add-baseline"]').click();
    const row = frame.locator('tr.baseline-row[data-baseline-lang="de"][data-baseline-metric="nDCG@10"]');
    await acceptOpenDialog(page, file, row);
    const cells = await row.locator('td').allInnerTexts();
    // Labelled by language (rows by metric) or by metric (rows by language, the grouping kept from the reload test).
    assert.match(cells[0], /^(de|nDCG@10) · MTEB baseline$/);
    assert.equal(cells[1], '0.500');
    assert.match(cells[2], /^A − baseline [+−]\d\.\d{3}, B − baseline [+−]\d\.\d{3}$/);
    assert.equal(await frame.locator('.baseline-label').innerText(), 'MTEB baseline: org/<b>model</b> (XQuADRetrieval.json)');
    assert.equal(await frame.locator('b').count(), 0);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-mteb-baseline');
  });
});
