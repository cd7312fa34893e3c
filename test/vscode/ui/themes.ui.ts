// Accessibility of the panels in a real VS Code (code-server + headless Chromium): every panel
// (Ranking, Max@R, Projection, Bitext, Compare, Training) opened from the sample workspace and
// photographed in the four themes (Light, Dark, High Contrast Dark, High Contrast Light; look at
// test-results/screenshots/theme-*.png), and keyboard navigation checked through the Ranking
// table (Tab to a header, Enter sorts, aria-sort follows; Tab/arrows to a row, Enter opens it)
// and the Projection legend (Tab to a language, Space toggles it, aria-pressed follows), with a
// visible focus ring (the theme's focusBorder) on every element reached.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { answerQuickPick, openWorkbench, repoRoot, runCommand, screenshot, type Workbench } from '../driver';
import { buildUiWorkspace, type UiWorkspace } from '../uiWorkspace';

type Kind = 'ranking' | 'maxr' | 'projection' | 'bitext' | 'compare' | 'training';

/** The tab of each panel (titles: "Ranking: run", "Max@R: run", "Bitext: run", "XLens: Compare a → b", …). */
const TABS: Record<Kind, RegExp> = {
  ranking: /Ranking/,
  maxr: /Max@R/,
  projection: /Projection/,
  bitext: /Bitext/,
  compare: /Compare/,
  training: /Training/,
};
/** What each panel shows once it has drawn its data (waited for before a screenshot). */
const READY: Record<Kind, string> = {
  ranking: 'table.metrics-table',
  maxr: 'svg.chart polyline.curve',
  projection: '.pp-status[data-visible]',
  bitext: 'canvas.bx-heatmap[data-rows]',
  compare: 'table.cmp-table',
  training: 'svg.tr-chart path.tr-line',
};

/** The four themes: the picker's label, the workbench class and the webview body class. */
const THEMES = [
  { name: 'light', label: 'Light Modern', workbench: 'vs', body: 'vscode-light' },
  { name: 'dark', label: 'Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  { name: 'hc-dark', label: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  { name: 'hc-light', label: 'Light High Contrast', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
] as const;

/** The content frame of the visible webview of `kind` (its body carries data-panel). */
async function panelFrame(page: Page, kind: Kind, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      // (The frame's name is no guide: VS Code renames its iframe from pending-frame to active-frame.)
      const panel = await f.evaluate(() => document.body?.getAttribute('data-panel')).catch(() => null);
      if (panel === kind) return f;
    }
    if (Date.now() > deadline) {
      await screenshot(page, `theme-failed-${kind}`);
      throw new Error(`no ${kind} webview`);
    }
    await page.waitForTimeout(250);
  }
}

async function showPanel(page: Page, kind: Kind): Promise<Frame> {
  await page.locator('.tabs-container .tab', { hasText: TABS[kind] }).first().click();
  await page.mouse.move(700, 895); // off the tab, so its hover tooltip does not cover the panel
  const frame = await panelFrame(page, kind);
  await frame.locator(READY[kind]).first().waitFor({ timeout: 120_000 });
  return frame;
}

/** Picks the quick-pick row containing `text` (the last such row when `last`). */
async function pick(page: Page, text: string, last = false): Promise<void> {
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: text });
  await rows.first().waitFor({ timeout: 30_000 });
  await (last ? rows.last() : rows.first()).click();
}

/** Focused element in the frame: what it is, and whether its focus ring is the theme's focusBorder. */
async function focused(frame: Frame): Promise<{ tag: string; key: string; text: string; ring: boolean; ringInfo: string }> {
  return frame.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return { tag: 'body', key: '', text: '', ring: false, ringInfo: '' };
    const probe = document.createElement('span');
    probe.style.color = 'var(--vscode-focusBorder)';
    document.body.append(probe);
    const focusColour = getComputedStyle(probe).color;
    probe.remove();
    const cs = getComputedStyle(a);
    const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 && cs.outlineColor === focusColour;
    return {
      tag: a.tagName.toLowerCase() + (a.className && typeof a.className === 'string' ? `.${a.className.trim().split(/\s+/).join('.')}` : ''),
      key: a.getAttribute('data-key') ?? a.getAttribute('data-lang') ?? '',
      text: (a.textContent ?? '').trim().slice(0, 40),
      ring,
      ringInfo: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} (focusBorder ${focusColour})`,
    };
  });
}

/** Presses Tab until `match` holds for the focused element (at most `max` presses); returns it. */
async function tabTo(page: Page, frame: Frame, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 40): Promise<Awaited<ReturnType<typeof focused>>> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(frame);
    seen.push(f.key || f.tag);
    if (match(f)) return f;
  }
  throw new Error(`Tab never reached the element; focus went through ${seen.join(' → ')}`);
}

describe('XLens panels in four themes, by keyboard (UI)', function () {
  this.timeout(600_000);
  let ws: UiWorkspace;
  let wb: Workbench | undefined;

  before(async () => {
    ws = buildUiWorkspace('ui-themes');
    const cli = join(repoRoot, 'dist', 'cli.js');
    // A bitext run of the sample's questions (every language against English).
    const bitext = spawnSync(process.execPath, [cli, 'bitext', '--data', ws.data, '--out', join(ws.folder, '.xlens', 'runs', 'bitext-xquad.json')], { encoding: 'utf8' });
    assert.equal(bitext.status, 0, bitext.stderr);
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens every panel from the sample workspace', async () => {
    const page = wb!.page;
    // Compare first: it opens "beside" the active editor, and there is none yet.
    await runCommand(page, 'XLens: Compare Runs…');
    await pick(page, 'a-char-ngram-2048');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'run B' }).waitFor({ timeout: 30_000 });
    await pick(page, 'b-char-ngram-512');
    const compare = await panelFrame(page, 'compare', 90_000);
    await compare.locator(READY.compare).waitFor({ timeout: 90_000 });
    // The joint projections too (canvas plots coloured by language or displacement).
    await compare.locator('vscode-button[data-key="show-projections"]').click();
    await compare.locator('.cmp-proj-info').waitFor({ timeout: 240_000 });
    // Runs are listed newest first: run a (dim 2048) is the older bilingual one.
    for (const [kind, title] of [['ranking', 'XLens: Show Ranking Table'], ['maxr', 'XLens: Show Max@R Report'], ['projection', 'XLens: Show Projection']] as const) {
      await runCommand(page, title);
      await pick(page, 'bilingual', true);
      await (await panelFrame(page, kind, 120_000)).locator(READY[kind]).first().waitFor({ timeout: 120_000 });
    }
    await runCommand(page, 'XLens: Show Bitext Report');
    await pick(page, '· bitext ·');
    await (await panelFrame(page, 'bitext')).locator(READY.bitext).waitFor({ timeout: 60_000 });
    // Training with the shipped settings, stopped once the curves and two validation evaluations
    // are drawn (the Stop button saves the adapter trained so far).
    await runCommand(page, 'XLens: Train Alignment Adapter…');
    await answerQuickPick(page, 'XLens: training data', 'xquad-mini');
    await answerQuickPick(page, 'XLens: base model', 'builtin:char-ngram');
    await answerQuickPick(page, 'XLens: target languages', '');
    await answerQuickPick(page, 'XLens: loss', 'jsd');
    await answerQuickPick(page, 'XLens: adapter', 'linear');
    await answerQuickPick(page, 'XLens: training settings', 'Start training');
    const training = await panelFrame(page, 'training', 120_000);
    const done = training.locator('.tr-status', { hasText: /^(Completed|Stopped)/ });
    await training.locator('.tr-metric').first().locator('circle.tr-dot').nth(1).or(done).first().waitFor({ timeout: 240_000 });
    if (!(await done.count())) await training.locator('vscode-button', { hasText: 'Stop' }).click();
    await done.waitFor({ timeout: 60_000 });
    // One editor group and no side bar: each screenshot shows one panel at full width.
    await runCommand(page, 'View: Join All Editor Groups');
    await runCommand(page, 'View: Close Primary Side Bar');
    for (const kind of Object.keys(TABS) as Kind[]) await showPanel(page, kind);
  });

  for (const theme of THEMES) {
    it(`shows every panel in the ${theme.label} theme`, async () => {
      const page = wb!.page;
      // The picker previews on focus and applies on Enter.
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(theme.label);
      await page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: new RegExp(`^${theme.label}$`) }).first().click({ timeout: 30_000 });
      await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), theme.workbench, { timeout: 30_000 });
      for (const kind of Object.keys(TABS) as Kind[]) {
        const frame = await showPanel(page, kind);
        await frame.locator(`body.${theme.body}`).waitFor({ timeout: 30_000 });
        // Charts and canvases redraw on the theme change (a mutation of the body's class).
        await page.waitForTimeout(400);
        await screenshot(page, `theme-${theme.name}-${kind}`);
        // Long panels: the rest of the page, a screen at a time (at most three more).
        const pages = await frame.evaluate(() => Math.min(3, Math.ceil(document.documentElement.scrollHeight / window.innerHeight) - 1));
        for (let i = 1; i <= pages; i++) {
          await frame.evaluate((n) => window.scrollTo(0, n * window.innerHeight * 0.9), i);
          await page.waitForTimeout(150);
          await screenshot(page, `theme-${theme.name}-${kind}-${i + 1}`);
        }
        if (kind === 'compare') {
          await frame.locator('.cmp-proj-info').waitFor({ timeout: 120_000 });
          await frame.locator('.cmp-projections').scrollIntoViewIfNeeded();
          await page.waitForTimeout(300);
          await screenshot(page, `theme-${theme.name}-compare-projections`);
        }
        await frame.evaluate(() => window.scrollTo(0, 0));
      }
    });
  }

  it('sorts the Ranking table and opens a language from the keyboard, with a visible focus ring', async () => {
    const page = wb!.page;
    const frame = await showPanel(page, 'ranking');
    await frame.locator('h1').click(); // focus inside the panel, on nothing focusable
    const header = await tabTo(page, frame, (f) => f.key === 'sort:mAP');
    assert.ok(header.ring, `the mAP header's focus ring: ${header.ringInfo}`);
    const th = frame.locator('table.metrics-table thead th', { has: frame.locator('[data-key="sort:mAP"]') });
    const before = await th.getAttribute('aria-sort');
    await page.keyboard.press('Enter');
    await frame.locator('table.metrics-table thead th[aria-sort="descending"]', { hasText: 'mAP' }).waitFor();
    assert.notEqual(before, 'descending');
    // The re-rendered table keeps the focus on the header: Enter again flips the order.
    assert.equal((await focused(frame)).key, 'sort:mAP');
    await page.keyboard.press('Enter');
    await frame.locator('table.metrics-table thead th[aria-sort="ascending"]', { hasText: 'mAP' }).waitFor();
    const values = (await frame.locator('table.metrics-table tbody tr:not(.overall-row) td').evaluateAll((tds) => tds.map((t) => t.textContent))).length;
    assert.ok(values > 0);
    // Tab leaves the header row and lands on the first language row; arrows move between rows.
    const first = await tabTo(page, frame, (f) => f.key.startsWith('lang:'));
    assert.ok(first.ring, `the row's focus ring: ${first.ringInfo}`);
    const firstLang = await frame.locator('table.metrics-table tbody tr.clickable').first().locator('th').getAttribute('data-lang');
    assert.equal(first.key, `lang:${firstLang}`);
    await page.keyboard.press('ArrowDown');
    const second = await focused(frame);
    const secondLang = await frame.locator('table.metrics-table tbody tr.clickable').nth(1).locator('th').getAttribute('data-lang');
    assert.equal(second.key, `lang:${secondLang}`, 'ArrowDown moves to the next language row');
    await page.keyboard.press('Enter');
    await frame.locator('.worst h2', { hasText: `Worst queries · ${secondLang}` }).waitFor();
    await frame.locator('.worst-table tbody tr').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'theme-keyboard-ranking');
  });

  it('toggles a language of the Projection legend with Tab and Space (aria-pressed follows)', async () => {
    const page = wb!.page;
    const frame = await showPanel(page, 'projection');
    await frame.locator('h1').click();
    const total = Number(await frame.locator('.pp-status').getAttribute('data-visible'));
    const item = await tabTo(page, frame, (f) => f.key === 'ar');
    assert.ok(item.ring, `the legend item's focus ring: ${item.ringInfo}`);
    const ar = frame.locator('.legend-item[data-lang="ar"]');
    assert.equal(await ar.getAttribute('aria-pressed'), 'true');
    const arPoints = Number((await ar.locator('.legend-count').innerText()).replace(/[^0-9]/g, '')); // questions and passages
    assert.ok(arPoints > 0);
    await page.keyboard.press('Space');
    await frame.locator('.legend-item.hidden[data-lang="ar"]').waitFor();
    assert.equal(await ar.getAttribute('aria-pressed'), 'false');
    assert.equal(Number(await frame.locator('.pp-status').getAttribute('data-visible')), total - arPoints);
    await screenshot(page, 'theme-keyboard-projection');
    await page.keyboard.press('Space');
    assert.equal(await ar.getAttribute('aria-pressed'), 'true');
    assert.equal(Number(await frame.locator('.pp-status').getAttribute('data-visible')), total);
  });
});
