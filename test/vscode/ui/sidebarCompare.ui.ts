// Side-bar model comparison in a real VS Code (code-server + headless Chromium): select two models
// in the Models tree, read the headline deltas with Holm-corrected p-values from the latest
// comparable runs (a run file with a hostile name must show as text), open the full Compare panel,
// then "Compare with Base" on a checkpoint that has no run yet: what is missing, and Evaluate buttons.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../driver';
import { buildUiWorkspace, XSS, type UiWorkspace } from '../uiWorkspace';

/** The Models tree row whose label is exactly `label`. */
function modelRow(page: Page, label: string) {
  return page.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[?.*+]/g, '\\$&')}$`) }) }).first();
}

/** The content frame of the webview whose page is `kind` (data-panel on its body). */
async function frameOf(page: Page, kind: string, timeoutMs = 60_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < n; i++) {
      const f = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('iframe#active-frame');
      if ((await f.locator(`body[data-panel="${kind}"]`).count().catch(() => 0)) > 0) return f;
    }
    if (Date.now() > deadline) throw new Error(`no ${kind} webview`);
    await page.waitForTimeout(500);
  }
}

describe('XLens side-bar model comparison', function () {
  this.timeout(300_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-sidebar-compare');
    // The dim=512 model's newest run has a hostile file name: it must be the one used, shown as text.
    const hostile = join(ws.folder, '.xlens', 'runs', `${XSS}.json`);
    copyFileSync(ws.runs.b, hostile);
    const r = JSON.parse(readFileSync(hostile, 'utf8'));
    r.createdAt = new Date(Date.parse(r.createdAt) + 60_000).toISOString();
    writeFileSync(hostile, JSON.stringify(r));
    // A checkpoint folder (its description names the base model) with no run yet.
    const ck = join(ws.folder, '.xlens', 'checkpoints', 'ck-demo');
    mkdirSync(ck, { recursive: true });
    writeFileSync(join(ck, 'xlens-checkpoint.json'), JSON.stringify({ base: { source: 'builtin:char-ngram', name: 'char-ngram', fingerprint: 'x', dim: 2048, cwd: ws.folder } }));
    const settings = join(ws.folder, '.vscode', 'settings.json');
    writeFileSync(settings, JSON.stringify({ ...JSON.parse(readFileSync(settings, 'utf8')), 'xlens.modelSources': ['builtin:char-ngram', 'builtin:char-ngram?dim=512'] }, null, 2));
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('compares two models selected in the Models tree: runs used, headline deltas, corrected p-values', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Show XLens');
    const a = modelRow(page, 'builtin:char-ngram');
    const b = modelRow(page, 'builtin:char-ngram?dim=512');
    await b.waitFor({ timeout: 60_000 });
    await a.click();
    await b.click({ modifiers: ['Control'] });

    const view = await frameOf(page, 'sidebarCompare');
    await view.locator('.sbc-table tr[data-metric="Max@R"]').waitFor({ timeout: 120_000 });
    const runs = await view.locator('[data-key="runs"]').innerText();
    assert.match(runs, /Latest comparable runs on xquad \(bilingual\)/);
    assert.match(runs, /A: a-char-ngram-2048\.json/);
    assert.ok(runs.includes(`B: ${XSS}.json`), runs); // the newest run of dim=512, its name as text
    assert.equal(await view.locator('img').count(), 0, 'no element from the hostile file name');
    assert.match(await view.locator('.sbc-model[data-side="A"]').innerText(), /builtin:char-ngram$/);
    assert.match(await view.locator('.sbc-model[data-side="B"]').innerText(), /builtin:char-ngram\?dim=512/);

    const metrics = await view.locator('.sbc-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric')));
    assert.deepEqual(metrics, ['Max@R', 'Complete@10', 'EIR', 'nDCG@10', 'mAP']);
    for (const m of metrics) {
      const cells = await view.locator(`.sbc-table tr[data-metric="${m}"] td`).allInnerTexts();
      const [va, vb, d, p] = cells;
      const num = (s: string) => Number(s.replace('−', '-').replace(/[▲▼ ]/g, ''));
      assert.ok(Math.abs(num(vb) - num(va) - num(d)) <= (m === 'Max@R' ? 0.11 : 0.0011), `${m}: ${cells.join(' | ')}`);
      assert.ok(num(p) >= 0 && num(p) <= 1, `${m} p adj. ${p}`);
      const verdict = await view.locator(`.sbc-table tr[data-metric="${m}"]`).getAttribute('data-verdict');
      assert.equal(/[▲▼]/.test(d), verdict !== 'same', `${m}: ${d} ${verdict}`);
    }
    assert.match(await view.locator('.sbc-summary').innerText(), /^\d+ better, \d+ worse of \d+ cells after Holm–Bonferroni \(p adj\. < 0\.05; randomization, 10,000 samples, \d+ paired queries\)\.$/);
    // Per-language verdicts, named.
    assert.match(await view.locator('.sbc-langs li[data-lang="de"]').innerText(), /^de — German · \d+ ▲ \d+ ▼ of \d+ · \d+ queries$/);
    await screenshot(page, 'sidebar-compare-result');

    await view.locator('vscode-button[data-key="open-full"]').click();
    const full = await frameOf(page, 'compare');
    await full.locator('table.cmp-table tbody tr[data-lang]').first().waitFor({ timeout: 120_000 });
    await screenshot(page, 'sidebar-compare-open-full');
  });

  it('"Compare with Base" on a checkpoint without runs says what is missing and offers to evaluate', async () => {
    const page = wb!.page;
    const ck = modelRow(page, join(ws.folder, '.xlens', 'checkpoints', 'ck-demo'));
    await ck.waitFor({ timeout: 30_000 });
    await ck.click({ button: 'right' });
    const item = page.locator('.context-view .action-menu-item', { hasText: 'Compare with Base' });
    await item.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300); // the menu fades in; an early click can fall through
    await item.hover();
    await item.click();
    if (await item.isVisible().catch(() => false)) await page.keyboard.press('Enter');
    const view = await frameOf(page, 'sidebarCompare');
    await view.locator('.sbc-missing').waitFor({ timeout: 60_000 }).catch(async (e) => {
      await screenshot(page, 'sidebar-compare-missing-failed');
      throw e;
    });
    assert.match(await view.locator('.sbc-model[data-side="A"]').innerText(), /builtin:char-ngram$/);
    assert.match(await view.locator('.sbc-model[data-side="B"]').innerText(), /ck-demo · checkpoint/);
    assert.match(await view.locator('.sbc-missing').innerText(), /No saved retrieval run with per-query records of ck-demo: evaluate it on the same dataset and scenario\./);
    assert.equal(await view.locator('vscode-button[data-key="evaluate-b"]').count(), 1);
    assert.equal(await view.locator('.sbc-table').count(), 0);
    await screenshot(page, 'sidebar-compare-missing');
  });
});
