// Browser test of the main path in a real VS Code (code-server + headless Chromium): the XLens
// view lists the workspace's datasets, models and runs; "XLens: Evaluate…" answered through its
// quick picks writes a run file and opens its panels, which receive the run's data.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuickPick, openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';


describe('XLens view and Evaluate (UI)', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-evaluate');
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows datasets, models and saved runs in the XLens view', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Show XLens');
    const tree = page.locator('.pane-body .monaco-list[aria-label="Explorer"], .pane-body .monaco-list').first();
    await page.locator('.monaco-list-row', { hasText: 'xquad-mini' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: 'builtin:char-ngram' }).first().waitFor();
    await page.locator('.monaco-list-row', { hasText: 'xquad · bilingual · builtin:char-ngram?dim=512' }).first().waitFor();
    assert.ok((await tree.count()) > 0);
    await screenshot(page, 'xlens-view');
  });

  it('evaluates through the quick picks, saves the run and opens its panels', async () => {
    const page = wb!.page;
    const runsDir = join(ws.folder, '.xlens', 'runs');
    const before = readdirSync(runsDir).length;
    await runCommand(page, 'XLens: Evaluate…');
    await answerQuickPick(page, 'XLens: dataset', 'xquad-mini');
    await answerQuickPick(page, 'XLens: model', 'builtin:char-ngram');
    await answerQuickPick(page, 'XLens: scenario', 'bilingual');
    await answerQuickPick(page, 'XLens: query languages', '');
    // The run file appears, then the Ranking and Max@R panels open with its data.
    const deadline = Date.now() + 120_000;
    while (readdirSync(runsDir).filter((f) => f.endsWith('.json')).length <= before) {
      if (Date.now() > deadline) throw new Error('no run file was written');
      await new Promise((r) => setTimeout(r, 500));
    }
    const tabs = page.locator('.tabs-container .tab');
    await tabs.filter({ hasText: 'Max@R' }).first().waitFor({ timeout: 60_000 });
    await tabs.filter({ hasText: 'Ranking' }).first().waitFor();
    const maxr = webviewFrame(page);
    await maxr.locator('svg').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'evaluate-maxr');
    await tabs.filter({ hasText: 'Ranking' }).first().click();
    const ranking = webviewFrame(page);
    await ranking.locator('table tbody tr').first().waitFor({ timeout: 30_000 });
    const rows = await ranking.locator('table tbody tr').allTextContents();
    for (const lang of ['ar', 'de', 'es', 'hi', 'zh']) assert.ok(rows.some((r) => r.trim().startsWith(lang)), `no row for ${lang}: ${rows.join(' | ')}`);
    await screenshot(page, 'evaluate-ranking');
  });
});
