// Max@R report panel in a real VS Code (code-server + headless Chromium): open it from the command
// palette, check the figures (cards, Complete@K curve, MaxRank histogram, EIR/SIR, definitions),
// choose a histogram language and hide a curve series, export Markdown, CSV and JSON through the
// save dialog, then reload the window and find the same view again.
//
// Export: the panel uses the common `export` message, whose handler calls showSaveDialog. In
// code-server that is VS Code's "simple" file dialog (a quick input holding the target path), so
// the test drives it like a user: check the suggested path, press Enter, read the written file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { acceptSaveDialog, openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';

async function exportThroughDialog(page: Page, button: string, expectedPath: string): Promise<string> {
  const frame = webviewFrame(page);
  await frame.locator(`vscode-button[data-key="${button}"]`).click();
  return acceptSaveDialog(page, expectedPath);
}

describe('XLens Max@R report panel', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-maxr');
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the command palette and draws every figure', async () => {
    const page = wb!.page;
    await runCommand(page, 'XLens: Show Max@R Report');
    // Runs are listed newest first: run a (dim 2048) is the older one.
    const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'bilingual' });
    await rows.first().waitFor({ timeout: 30_000 });
    await rows.last().click();
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Max@R' }).waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('.run-info').innerText(), /dim 2048/);
    const cards = await frame.locator('.card .card-name').allInnerTexts();
    assert.deepEqual(cards.slice(0, 4), ['Max@R', 'Max@R.median', 'nMax@R', 'Complete@10']);
    assert.equal(await frame.locator('.card', { hasText: 'pool' }).locator('.card-value').innerText(), '10');
    // Curve: all queries + 5 query languages; points at the report's K values.
    assert.equal(await frame.locator('svg.chart polyline.curve').count(), 6);
    const allPoints = (await frame.locator('svg.chart polyline[data-series="all"]').getAttribute('points'))!.split(' ');
    assert.equal(allPoints.length, 9); // K = 2..10 (|Rel| = 2, pool of 10)
    // Histogram over all queries: one bar per MaxRank 1..10.
    assert.equal(await frame.locator('svg.chart[aria-label="MaxRank histogram, all"] rect.bar').count(), 10);
    // EIR and SIR bars for the five non-pivot languages.
    assert.equal(await frame.locator('svg.chart[aria-label="EIR and SIR per query language"] rect.bar').count(), 10);
    assert.ok((await frame.locator('.definitions dt').count()) >= 10);
    assert.ok((await frame.locator('.definitions dt', { hasText: /^Max@R$/ }).count()) === 1);
    await screenshot(page, 'maxr-report');
  });

  it('switches the histogram to one language and hides a curve series', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    const select = frame.locator('vscode-single-select[data-key="histogram-language"]');
    await select.click();
    await select.getByRole('option', { name: 'de — German', exact: true }).click();
    await frame.locator('svg.chart[aria-label="MaxRank histogram, de"]').waitFor();
    await frame.locator('button.legend-item', { hasText: 'all queries' }).click();
    await frame.locator('button.legend-item.hidden', { hasText: 'all queries' }).waitFor();
    assert.equal(await frame.locator('svg.chart polyline.curve').count(), 5);
    await frame.locator('svg.chart[aria-label="MaxRank histogram, de"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'maxr-histogram');
    await frame.locator('svg.chart[aria-label="EIR and SIR per query language"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'maxr-inclination');
  });

  it('exports Markdown, CSV and JSON through the save dialog', async () => {
    const page = wb!.page;
    const md = await exportThroughDialog(page, 'export-md', join(ws.folder, 'a-char-ngram-2048.md'));
    assert.match(md, /^# XLens report: xquad, bilingual/);
    assert.match(md, /## Max@R\n/);
    assert.match(md, /### Complete@K \(pool of 10 documents\)/);
    assert.ok(md.indexOf('## Max@R') < md.indexOf('## Definitions'));
    const csv = await exportThroughDialog(page, 'export-csv', join(ws.folder, 'a-char-ngram-2048.csv'));
    const lines = csv.split('\r\n');
    assert.match(lines[0], /^lang,queries,nDCG@1,nDCG@10,Recall@10,mAP,Max@R,nMax@R,Complete@10,EIR,SIR,/);
    assert.deepEqual(lines.slice(1, 7).map((l) => l.split(',')[0]), ['ar', 'de', 'es', 'hi', 'zh', 'overall']);
    assert.equal(lines.at(-1), '');
    const json = JSON.parse(await exportThroughDialog(page, 'export-json', join(ws.folder, 'a-char-ngram-2048.report.json'))) as { tool: string; perQuery?: unknown[] };
    assert.equal(json.tool, 'xlens');
    assert.equal(json.perQuery?.length, 370); // the whole report, per-query records included
  });

  it('comes back after "Developer: Reload Window" with the same language and hidden series', async () => {
    const page = wb!.page;
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Max@R' }).waitFor({ timeout: 90_000 });
    await frame.locator('svg.chart[aria-label="MaxRank histogram, de"]').waitFor();
    await frame.locator('button.legend-item.hidden', { hasText: 'all queries' }).waitFor();
    assert.equal(await frame.locator('svg.chart polyline.curve').count(), 5);
    await screenshot(page, 'maxr-reloaded');
  });
});
