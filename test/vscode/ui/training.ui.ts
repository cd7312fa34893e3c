// Browser test of "XLens: Train Alignment Adapter…" and the training panel in a real VS Code
// (code-server + headless Chromium): quick picks on the sample XQuAD data with the char-ngram
// base, live curves, a checkpoint written, the Stop button, Compare with base model, and the
// panel restored after a window reload. Run with `npx mocha test/vscode/ui/training.ui.ts`
// after `node scripts/build.mjs`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerQuickPick, openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';


/** Runs the command and answers its picks; `settings` maps a settings row to its new value. */
async function startTraining(page: Page, settings: Array<[string, string, string]>): Promise<void> {
  await runCommand(page, 'XLens: Train Alignment Adapter…');
  await answerQuickPick(page, 'XLens: training data', 'xquad-mini');
  await answerQuickPick(page, 'XLens: base model', 'builtin:char-ngram');
  await answerQuickPick(page, 'XLens: target languages', ''); // all picked by default
  await answerQuickPick(page, 'XLens: loss', 'jsd');
  await answerQuickPick(page, 'XLens: adapter', 'linear');
  for (const [row, inputTitle, value] of settings) {
    await answerQuickPick(page, 'XLens: training settings', row);
    await answerQuickPick(page, inputTitle, value);
  }
  await answerQuickPick(page, 'XLens: training settings', 'Start training');
}

async function statusText(frame: FrameLocator): Promise<string> {
  return (await frame.locator('.tr-status').textContent()) ?? '';
}

async function waitForStatus(frame: FrameLocator, re: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await statusText(frame).catch(() => '');
    if (re.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`status never matched ${re}; last: "${text}"`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Segments of the total-loss line and dots of the first held-out chart. */
async function drawn(frame: FrameLocator): Promise<{ lossSegments: number; evalDots: number; lines: number }> {
  const d = (await frame.locator('svg.tr-chart path.tr-line[data-series="total"]').getAttribute('d')) ?? '';
  return {
    lossSegments: (d.match(/L/g) ?? []).length,
    evalDots: await frame.locator('.tr-metric').first().locator('circle.tr-dot').count(),
    lines: await frame.locator('svg.tr-chart path.tr-line').count(),
  };
}

describe('XLens training panel (UI)', function () {
  this.timeout(600_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;
  const dialogs: string[] = [];

  before(async () => {
    ws = buildUiWorkspace('ui-training');
    wb = await openWorkbench({ workspace: ws.folder });
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await wb?.close();
  });

  const checkpoints = () => join(ws.folder, '.xlens', 'checkpoints');

  it('trains a tiny adapter from the quick picks, drawing live curves, and writes the checkpoint', async () => {
    const page = wb!.page;
    await startTraining(page, [
      ['Minimum steps', 'XLens: Train at least this many optimiser steps', '0'],
      ['Epochs', 'XLens: Passes over the training examples', '1'],
      ['Batch size', 'XLens: Examples per step', '8'],
      ['Validation every', 'XLens: Steps between validation evaluations', '4'],
      ['Early stopping', 'XLens: early stopping on (validation split)', 'off'],
    ]);
    const frame = webviewFrame(page, 0);
    const status = await waitForStatus(frame, /^Completed after \d+ steps/, 120_000);
    console.log(`      (${status})`);
    const ck = join(checkpoints(), 'jsd-linear-ar+de+es+hi+zh');
    for (const f of ['adapter.safetensors', 'xlens-checkpoint.json', 'training-log.json']) assert.ok(existsSync(join(ck, f)), `${f} written`);
    const meta = JSON.parse(readFileSync(join(ck, 'xlens-checkpoint.json'), 'utf8')) as { training: { steps: number; stopReason: string }; hyperParameters: { epochs: number } };
    assert.equal(meta.hyperParameters.epochs, 1);
    assert.equal(meta.training.stopReason, 'completed');
    const d = await drawn(frame);
    assert.ok(d.lossSegments >= meta.training.steps - 1, `the loss line has a point per step (${d.lossSegments} segments, ${meta.training.steps} steps)`);
    assert.ok(d.lines >= 4, `total, infonce, jsd and learning rate drawn (${d.lines})`);
    assert.ok(d.evalDots >= 5, `validation evaluations drawn (${d.evalDots} dots)`);
    assert.equal(await frame.locator('.tr-summary').count(), 1, 'summary shown');
    const summary = (await frame.locator('.tr-summary').textContent()) ?? '';
    assert.match(summary, /bilingual Max@R/);
    // Which split produced which figure: the curves are validation, the result table is test.
    assert.match(summary, /Test split: held-out passages, 2 of 5 \(measured once, after training\)/);
    assert.match(summary, /validation split, 1 of the 3 training passages/);
    assert.match((await frame.locator('.tr-charts h2').nth(1).textContent()) ?? '', /^Validation metrics$/);
    await frame.locator('vscode-button', { hasText: 'Compare with base model' }).waitFor();
    // Legend toggle: hiding a component removes its line, and the choice is kept in the state.
    await frame.locator('.tr-legend button[data-series="jsd"]').click();
    await frame.locator('svg.tr-chart path.tr-line[data-series="jsd"]').waitFor({ state: 'detached' });
    await frame.locator('.tr-legend button[data-series="jsd"]').click();
    await frame.locator('svg.tr-chart path.tr-line[data-series="jsd"]').waitFor();
    await screenshot(page, 'training');
    await frame.locator('.tr-metrics').scrollIntoViewIfNeeded();
    await screenshot(page, 'training-heldout');
    await frame.locator('h1').scrollIntoViewIfNeeded();
    assert.deepEqual(dialogs, [], 'no script ran from corpus text');
  });

  it('compares the checkpoint with its base model on the held-out split', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page, 0);
    const runsDir = join(ws.folder, '.xlens', 'runs');
    const before = new Set(readdirSync(runsDir));
    await frame.locator('vscode-button', { hasText: 'Compare with base model' }).click();
    const deadline = Date.now() + 120_000;
    let line = '';
    while (Date.now() < deadline) {
      line = (await frame.locator('.tr-compare').textContent()) ?? '';
      if (/Compared|Runs saved|did not finish|Could not/.test(line)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`      (${line})`);
    const added = readdirSync(runsDir).filter((f) => !before.has(f) && f.endsWith('.json'));
    assert.ok(existsSync(join(ws.folder, '.xlens', 'heldout', 'jsd-linear-ar+de+es+hi+zh')), 'held-out split written');
    await screenshot(page, 'training-compare');
    assert.equal(added.length, 2, `base and checkpoint runs saved (${added.join(', ')}); panel says: ${line}`);
  });

  it('stops a longer run with the Stop button and keeps what was trained', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Close All Editors');
    await startTraining(page, [
      ['Epochs', 'XLens: Passes over the training examples', '40'],
      ['Batch size', 'XLens: Examples per step', '8'],
      ['Validation every', 'XLens: Steps between validation evaluations', '10'],
      ['Checkpoint name', 'XLens: checkpoint folder name', 'stop-test'],
    ]);
    const frame = webviewFrame(page, 0);
    await waitForStatus(frame, /^Step (1\d|[2-9]\d|\d{3,}) of \d+/, 120_000);
    await screenshot(page, 'training-live');
    await frame.locator('vscode-button', { hasText: 'Stop' }).click();
    const status = await waitForStatus(frame, /^Stopped after \d+ of \d+ steps/, 60_000);
    console.log(`      (${status})`);
    const meta = JSON.parse(readFileSync(join(checkpoints(), 'stop-test', 'xlens-checkpoint.json'), 'utf8')) as { training: { steps: number; totalSteps: number; stopReason: string } };
    assert.equal(meta.training.stopReason, 'stopped');
    assert.ok(meta.training.steps >= 10 && meta.training.steps < meta.training.totalSteps, `${meta.training.steps} of ${meta.training.totalSteps} steps`);
    assert.ok((await drawn(frame)).lossSegments >= 9);
    await screenshot(page, 'training-stopped');
  });

  it('redraws the ended job from its checkpoint after a window reload', async () => {
    const page = wb!.page;
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page, 0);
    const status = await waitForStatus(frame, /^Stopped after \d+ of \d+ steps/, 90_000);
    console.log(`      (restored: ${status})`);
    const d = await drawn(frame);
    assert.ok(d.lossSegments >= 9 && d.evalDots >= 2, `curves restored (${JSON.stringify(d)})`);
    await screenshot(page, 'training-restored');
  });

  it('says the job is gone when the window reloaded while it ran', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Close All Editors');
    await startTraining(page, [
      ['Epochs', 'XLens: Passes over the training examples', '40'],
      ['Batch size', 'XLens: Examples per step', '8'],
      ['Checkpoint name', 'XLens: checkpoint folder name', 'reload-test'],
    ]);
    const frame = webviewFrame(page, 0);
    await waitForStatus(frame, /^Step \d+ of \d+/, 120_000);
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await waitForStatus(webviewFrame(page, 0), /^Job gone/, 90_000);
    assert.match((await webviewFrame(page, 0).locator('.tr-notice').textContent()) ?? '', /still running when the window reloaded/);
    assert.ok(!existsSync(join(checkpoints(), 'reload-test')), 'nothing saved');
    await screenshot(page, 'training-gone');
  });
});
