// Ranking table panel in a real VS Code (code-server + headless Chromium): open it from the
// command palette, sort a column, open a language's worst queries and a query's ranked list (the
// hostile `<img src=x onerror=alert(1)>` question and passage must show as text), reload the
// window and find the same view again, and the cross heatmap of a second run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { acceptOpenDialog, openWorkbench, repoRoot, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { buildUiWorkspace, XSS, type UiWorkspace } from '../uiWorkspace';

/** Picks a run in the quick pick that XLens shows after a "Show …" command. */
async function pickRun(page: Page, hasText: string, which: 'first' | 'last'): Promise<void> {
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText });
  await rows.first().waitFor({ timeout: 30_000 });
  await (which === 'first' ? rows.first() : rows.last()).click();
}

/** Cell texts of the metrics table's language rows (the `overall` row excluded). */
async function columnValues(frame: FrameLocator, column: string): Promise<Array<[string, number]>> {
  const headers = await frame.locator('table.metrics-table thead th').allInnerTexts();
  const col = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === column);
  assert.ok(col > 0, `no column ${column} in ${headers.join(', ')}`);
  const rows = frame.locator('table.metrics-table tbody tr');
  const out: Array<[string, number]> = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('th, td').allInnerTexts();
    // Language rows read `de — German`: the code is the row's data-lang.
    if (cells[0] !== 'overall') out.push([(await rows.nth(i).locator('th').first().getAttribute('data-lang')) ?? cells[0], Number(cells[col])]);
  }
  return out;
}

describe('XLens Ranking table panel', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-ranking');
    // A cross run too, for the query-language × document-language heatmap.
    const cross = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'eval', '--data', ws.data, '--model', 'builtin:char-ngram', '--scenario', 'cross', '--per-query', '--out', join(ws.folder, '.xlens', 'runs', 'c-cross.json')], { encoding: 'utf8' });
    assert.equal(cross.status, 0, cross.stderr);
    // And one saved without per-query records: the panel must say so and offer no drill-down.
    const plain = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'eval', '--data', ws.data, '--model', 'builtin:char-ngram', '--scenario', 'bilingual', '--out', join(ws.folder, '.xlens', 'runs', 'd-no-per-query.json')], { encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the command palette with run a and shows every query language', async () => {
    const page = wb!.page;
    await runCommand(page, 'XLens: Show Ranking Table');
    // Runs are listed newest first: run a (dim 2048) is the older bilingual one.
    await pickRun(page, 'bilingual', 'last');
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Ranking' }).waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('.run-info').innerText(), /dim 2048/);
    const langs = (await columnValues(frame, 'mAP')).map(([l]) => l);
    assert.deepEqual(langs, ['ar', 'de', 'es', 'hi', 'zh']);
    assert.equal(await frame.locator('table.metrics-table tbody tr').last().locator('th').innerText(), 'overall');
  });

  it('sorts a column by clicking its header (aria-sort follows)', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const header = frame.locator('table.metrics-table thead th', { has: frame.locator('button', { hasText: /^mAP/ }) });
    await header.locator('button').click();
    await frame.locator('table.metrics-table thead th[aria-sort="descending"]', { hasText: 'mAP' }).waitFor();
    const desc = (await columnValues(frame, 'mAP')).map(([, v]) => v);
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    await header.locator('button').click();
    await frame.locator('table.metrics-table thead th[aria-sort="ascending"]', { hasText: 'mAP' }).waitFor();
    const asc = (await columnValues(frame, 'mAP')).map(([, v]) => v);
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    // "All metrics" shows every metric of the run; unticking goes back to the headline columns.
    const headline = await frame.locator('table.metrics-table thead th').count();
    await frame.locator('vscode-checkbox[data-key="all-metrics"]').click();
    await frame.locator('table.metrics-table thead th', { hasText: 'LangShare@100.en' }).waitFor();
    assert.ok((await frame.locator('table.metrics-table thead th').count()) > 40);
    await frame.locator('vscode-checkbox[data-key="all-metrics"]').click();
    await frame.locator('table.metrics-table thead th', { hasText: 'LangShare@100.en' }).waitFor({ state: 'detached' });
    assert.equal(await frame.locator('table.metrics-table thead th').count(), headline);
    await screenshot(page, 'ranking-table');
  });

  it('opens a language’s worst queries with the hostile question shown as text', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('table.metrics-table tbody tr', { has: frame.locator('th[data-lang="de"]') }).click();
    await frame.locator('.worst h2', { hasText: 'Worst queries · de' }).waitFor();
    await frame.locator('.worst-table tbody tr').first().waitFor({ timeout: 30_000 });
    // Lowest AP first.
    const aps = (await frame.locator('.worst-table tbody tr td:nth-child(4)').allInnerTexts()).map(Number);
    assert.ok(aps.length > 10);
    assert.deepEqual(aps, [...aps].sort((a, b) => a - b));
    const hostile = frame.locator('.worst-table td.text-cell', { hasText: XSS });
    assert.equal(await hostile.count(), 1);
    assert.ok((await hostile.innerText()).startsWith(XSS));
    assert.equal(await frame.locator('img').count(), 0);
    await hostile.scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-worst');
  });

  it('opens a query’s ranked list: relevant documents marked, texts as text', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('.worst-table tbody tr', { hasText: XSS }).click();
    await frame.locator('.ranked-list .query-text').waitFor({ timeout: 60_000 });
    assert.ok((await frame.locator('.ranked-list .query-text').innerText()).startsWith(XSS));
    const rows = frame.locator('.list-table tbody tr:not(.divider-row)');
    assert.equal(await rows.count(), 10); // bilingual de+en pool of 10 passages: the whole ranking
    assert.equal(await frame.locator('.list-table tr.relevant-row').count(), 2); // de/p0 and en/p0
    // Both relevant passages start with the hostile string: shown as text, no element created.
    const relevantTexts = await frame.locator('.list-table tr.relevant-row td.text-cell').allInnerTexts();
    assert.ok(relevantTexts.every((t) => t.startsWith(XSS)), relevantTexts.join('\n'));
    assert.equal(await frame.locator('img').count(), 0);
    await frame.locator('.ranked-list').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-query');
  });

  it('adds a published MTEB result as a baseline row under its languages (texts from the file as text)', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    // MTEB's results layout; the model name in the file is hostile.
    const dir = join(ws.folder, 'mteb-results', 'intfloat__multilingual-e5-small', 'rev1');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'XQuADRetrieval.json');
    const entry = (hf_subset: string, languages: string[], v: number) => ({ hf_subset, languages, main_score: v, ndcg_at_10: v, map_at_10: v - 0.1, recall_at_100: 0.99, mrr_at_10: v });
    writeFileSync(file, JSON.stringify({ task_name: 'XQuADRetrieval', model_name: XSS, scores: { test: [entry('de', ['deu-Latn'], 0.5), entry('default', ['zho-Hans'], 0.25)] } }));
    await frame.locator('vscode-button[data-key="add-baseline"]').click();
    // code-server's open dialog is VS Code's simple file dialog: a quick input holding a path.
    await acceptOpenDialog(page, file, frame.locator('tr.baseline-row').first());
    // Rows follow the table's sort (mAP ascending here): compare as a set.
    assert.deepEqual((await frame.locator('tr.baseline-row th').allInnerTexts()).sort(), ['de · MTEB baseline', 'zh · MTEB baseline']);
    assert.equal(await frame.locator('.baseline-label').innerText(), `MTEB baseline: ${XSS} (XQuADRetrieval.json)`);
    const cells = await frame.locator('tr.baseline-row', { hasText: 'de · MTEB baseline' }).locator('td').allInnerTexts();
    assert.ok(cells.some((t) => /^0\.500 \(Δ [+−±]\d\.\d{3}\)$/.test(t)), cells.join(' | '));
    assert.ok(cells.includes('–'), 'metrics the baseline lacks show –');
    assert.match(await frame.locator('.baseline-note').innerText(), /without a column here: .*MAP@10.* \(MAP@k is AP cut at k, not XLens's mAP\)/);
    assert.equal(await frame.locator('img').count(), 0);
    await frame.locator('table.metrics-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-mteb-baseline');
  });

  it('comes back after "Developer: Reload Window" with the same sort, language and query', async () => {
    const page = wb!.page;
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Ranking' }).waitFor({ timeout: 90_000 });
    await frame.locator('table.metrics-table thead th[aria-sort="ascending"]', { hasText: 'mAP' }).waitFor();
    await frame.locator('.worst h2', { hasText: 'Worst queries · de' }).waitFor();
    await frame.locator('.ranked-list .query-text', { hasText: XSS }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('table.metrics-table tr.selected th').innerText(), 'de — German');
    assert.equal(await frame.locator('tr.baseline-row').count(), 2, 'the MTEB baseline is kept in the panel state');
    assert.equal(await frame.locator('img').count(), 0);
    await screenshot(page, 'ranking-reloaded');
  });

  it('shows a query × document language heatmap for a cross run; a cell opens that pair', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'XLens: Show Ranking Table');
    await pickRun(page, 'cross', 'first');
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'cross' }).waitFor({ timeout: 60_000 });
    const cells = frame.locator('table.heatmap td.heat-cell');
    assert.equal(await cells.count(), 36); // 6 × 6 languages
    const deEn = frame.locator('table.heatmap td.heat-cell[data-key="cell:de:en"]');
    assert.match(await deEn.innerText(), /^\d\.\d{3}$/);
    assert.match((await deEn.getAttribute('style')) ?? '', /color-mix/);
    await frame.locator('table.heatmap').scrollIntoViewIfNeeded();
    await screenshot(page, 'ranking-heatmap');
    await deEn.click();
    await frame.locator('.worst h2', { hasText: 'Worst queries · de · de→en' }).waitFor();
    await frame.locator('.worst-table tbody tr').first().waitFor({ timeout: 30_000 });
    // One relevant passage per query (|Rel| = 1): lowest AP first means deepest MaxRank first.
    const maxRanks = (await frame.locator('.worst-table tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
    assert.deepEqual(maxRanks, [...maxRanks].sort((a, b) => b - a));
    assert.equal(await frame.locator('img').count(), 0);
  });

  it('opens a document’s corpus line from the ranked list', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('.worst-table tbody tr').first().click();
    await frame.locator('.ranked-list .query-text').waitFor({ timeout: 60_000 });
    await frame.locator('.list-table tbody tr').first().locator('button.link-button', { hasText: 'open' }).click();
    // The document is an English passage (de→en): its file opens in an editor.
    await page.locator('.tabs-container .tab', { hasText: 'xquad.en.json' }).waitFor({ timeout: 30_000 });
  });

  it('says so, and offers no drill-down, for a run saved without per-query records', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'XLens: Show Ranking Table');
    await pickRun(page, 'bilingual', 'first'); // the newest bilingual run
    const frame = webviewFrame(page);
    await frame.locator('.notice', { hasText: 'without per-query records' }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('table.metrics-table tr.clickable').count(), 0);
    assert.equal(await frame.locator('table.metrics-table tbody tr').count(), 6);
    await screenshot(page, 'ranking-no-per-query');
  });
});
