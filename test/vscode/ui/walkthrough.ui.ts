// The first minute of a new user, in a real VS Code (code-server + headless Chromium): a fresh
// profile with NO folder open walks XLens's "Get Started" walkthrough end to end. Each step's
// button is clicked as a user would; the step must tick (its completion event), and each step is
// screenshotted (test-results/screenshots/walkthrough-*.png). "Try on Sample Data" must evaluate
// the bundled sample with the built-in encoder and open the Max@R report (target: 10 s from the click)
// (the run is saved in the extension's global storage, there being no folder); the time is
// printed, and the test fails only past 30 s (a shared machine's load can double it).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';

/** The walkthrough's tab ("Walkthrough: XLens"), brought to the front. */
async function showWalkthrough(page: Page): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click();
  await page.locator('.gettingStartedContainer .getting-started-category').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
}

function step(page: Page, id: string) {
  return page.locator(`button.getting-started-step[data-step-id$="${id}"]`);
}

/**
 * Clicks `target`, retrying: the walkthrough re-renders its step list when a step's state changes,
 * which can detach an element between "found" and "stable"; the last resort dispatches the click.
 */
async function click(target: Locator): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      await target.click({ timeout: 3_000 });
      return;
    } catch {
      // re-rendered under the pointer: find it again
    }
  }
  await target.dispatchEvent('click');
}

/** Expands step `id`. */
async function openStep(page: Page, id: string): Promise<void> {
  const sel = `button.getting-started-step[data-step-id$="${id}"]`;
  if ((await step(page, id).getAttribute('aria-expanded')) !== 'true') await click(step(page, id));
  await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('aria-expanded') === 'true', sel, { timeout: 10_000 });
}

/** Expands step `id` and clicks its button labelled `label`. */
async function clickStepButton(page: Page, id: string, label: string): Promise<void> {
  await openStep(page, id);
  await click(step(page, id).locator('.monaco-button, a', { hasText: label }).first());
}

async function waitChecked(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-checked') === 'true', `button.getting-started-step[data-step-id$="${id}"]`, { timeout: 30_000 });
}

/** Files under `dir` (recursively) whose path ends with `suffix`. */
function findFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(suffix)).map((f) => join(dir, f));
}

describe('XLens walkthrough in a fresh profile with no folder (UI)', function () {
  this.timeout(400_000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await openWorkbench({ emptyWindow: true, logName: 'walkthrough.log' });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the empty Datasets and Runs views with what to do next', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Show XLens'); // shows the XLens side bar (clicking its icon would toggle it)
    const datasets = page.locator('.welcome-view-content', { hasText: 'No dataset found' });
    await datasets.waitFor({ timeout: 60_000 });
    await datasets.locator('.monaco-button', { hasText: 'Try on Sample Data' }).waitFor();
    await datasets.locator('.monaco-button', { hasText: 'Open Dataset…' }).waitFor();
    const runs = page.locator('.welcome-view-content', { hasText: 'No saved run yet' });
    await runs.locator('.monaco-button', { hasText: 'Try on Sample Data' }).waitFor();
    await screenshot(page, 'walkthrough-0-views');
  });

  it('opens "Get Started with XLens" from the Welcome walkthroughs', async () => {
    const page = wb!.page;
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with XLens' });
    await row.first().waitFor({ timeout: 30_000 });
    await row.first().click();
    for (const id of ['openSample', 'evaluateSample', 'readReport', 'realModel', 'trainAdapter']) await step(page, id).waitFor({ timeout: 30_000 });
    assert.equal(await step(page, 'openSample').getAttribute('aria-checked'), 'false');
    await screenshot(page, 'walkthrough-0-start');
  });

  it('step 1: opens the bundled sample dataset and describes it', async () => {
    const page = wb!.page;
    await clickStepButton(page, 'openSample', 'Open Sample Dataset');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'XLens sample:' });
    await toast.waitFor({ timeout: 60_000 });
    const text = await toast.innerText();
    assert.match(text, /6 languages \(ar, de, en, es, hi, zh\)/);
    await screenshot(page, 'walkthrough-1-sample');
    await page.keyboard.press('Escape');
    await showWalkthrough(page);
    await waitChecked(page, 'openSample');
  });

  it('step 2: Try on Sample Data evaluates with the built-in encoder and opens the Max@R report', async () => {
    const page = wb!.page;
    await openStep(page, 'evaluateSample');
    await screenshot(page, 'walkthrough-2-evaluate-step');
    const t0 = Date.now();
    await clickStepButton(page, 'evaluateSample', 'Try on Sample Data');
    const frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Max@R' }).waitFor({ timeout: 60_000 });
    await frame.locator('.card .card-name').first().waitFor({ timeout: 30_000 });
    const seconds = (Date.now() - t0) / 1000;
    console.log(`      (Try on Sample Data: click to Max@R report ${seconds.toFixed(1)} s)`);
    // The target is < 10 s on the 2-core machine (5–10 s measured while shared); a loaded
    // machine can double it, so this bound only catches a hang or a model download.
    assert.ok(seconds < 30, `the report took ${seconds.toFixed(1)} s`);
    assert.match(await frame.locator('.run-info').innerText(), /builtin:char-ngram/);
    // No folder: the run lives in the extension's global storage (under code-server's user data).
    const runs = findFiles(wb!.server.workspace, '.json').filter((f) => f.includes('globalStorage') && f.includes(`${'runs'}`));
    assert.equal(runs.length, 1, `runs in global storage: ${runs.join(', ')}`);
    const report = JSON.parse(readFileSync(runs[0], 'utf8')) as { scenario: string; model: { source: string }; byLanguage: Record<string, unknown> };
    assert.equal(report.scenario, 'bilingual');
    assert.equal(report.model.source, 'builtin:char-ngram');
    assert.deepEqual(Object.keys(report.byLanguage).sort(), ['ar', 'de', 'es', 'hi', 'zh']);
    // The Runs view lists it (its welcome text gone).
    await page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Runs' }) }).locator('.monaco-list-row', { hasText: 'bilingual' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await screenshot(page, 'walkthrough-2-report');
    await showWalkthrough(page);
    await waitChecked(page, 'evaluateSample');
  });

  it('step 3: explains Max@R and EIR beside the report and reopens it', async () => {
    const page = wb!.page;
    await openStep(page, 'readReport');
    await page.waitForTimeout(2500); // the Markdown media renders in its own webview
    await screenshot(page, 'walkthrough-3-read-report');
    await clickStepButton(page, 'readReport', 'Show Max@R Report');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'bilingual' });
    await row.first().waitFor({ timeout: 30_000 });
    await row.first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Max@R' }).first().waitFor({ timeout: 30_000 });
    await showWalkthrough(page);
    await waitChecked(page, 'readReport');
  });

  it('step 4: shows where to choose a real model (the settings that matter)', async () => {
    const page = wb!.page;
    await openStep(page, 'realModel');
    await page.waitForTimeout(2500);
    await screenshot(page, 'walkthrough-4-real-model');
    await clickStepButton(page, 'realModel', 'Choose the Default Model');
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Default Model' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'walkthrough-4-settings');
    await showWalkthrough(page);
    await clickStepButton(page, 'realModel', 'Evaluate…');
    // With no folder the dataset pick offers Browse…; a user would pick their data here.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'XLens: dataset' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await waitChecked(page, 'realModel');
  });

  it('step 5: training asks for a folder first and offers to open one', async () => {
    const page = wb!.page;
    await openStep(page, 'trainAdapter');
    await page.waitForTimeout(2500);
    await screenshot(page, 'walkthrough-5-train');
    await clickStepButton(page, 'trainAdapter', 'Train Alignment Adapter…');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'open a folder first' });
    await toast.waitFor({ timeout: 30_000 });
    await toast.locator('.monaco-button', { hasText: 'Open Folder…' }).waitFor();
    await screenshot(page, 'walkthrough-5-needs-folder');
    await page.keyboard.press('Escape');
    await waitChecked(page, 'trainAdapter');
    for (const id of ['openSample', 'evaluateSample', 'readReport', 'realModel', 'trainAdapter']) assert.equal(await step(page, id).getAttribute('aria-checked'), 'true', id);
    await screenshot(page, 'walkthrough-6-done');
  });
});
