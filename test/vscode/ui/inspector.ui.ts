// The corpus inspector in a real VS Code (code-server + headless Chromium). A workspace holds a
// SIB-200 excerpt (four languages cut from ../shared/data, a French sentence planted under the
// German label and a hostile German text `<img src=x onerror=alert(1)>`) and a 120,000-row
// English–German JSONL; the default model is a folder with the real multilingual-e5-small
// tokenizer. Opening a dataset from the Datasets tree shows statistics and the language check; a
// flagged row opens its source file at its line; the row table stays virtualised while scrolling.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openWorkbench, repoRoot, runCommand, screenshot, webviewFrame, type Workbench } from '../driver';
import { XSS } from '../uiWorkspace';

const SOURCE = join(repoRoot, '..', 'shared', 'data', 'flores200-sib');
const E5 = join(repoRoot, '..', 'shared', 'models', 'multilingual-e5-small-shape');
const LANGS = ['eng_Latn', 'deu_Latn', 'fra_Latn', 'ace_Arab'];
const SPLITS = { dev: 40, test: 10, train: 10 };
const MISLABELLED = 6; // dev.tsv line of the French sentence labelled German
const HOSTILE = 3; // dev.tsv line of the hostile German text
const BIG_ROWS = 120_000;

function buildWorkspace(): { folder: string; tokenizer: string } {
  const folder = join(repoRoot, '.cache', 'ui-inspector');
  rmSync(folder, { recursive: true, force: true });
  if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing (the shared FLORES/SIB-200 data)`);
  const dev = (lang: string) => readFileSync(join(SOURCE, lang, 'dev.tsv'), 'utf8').split('\n');
  const french = dev('fra_Latn');
  for (const lang of LANGS) {
    const dir = join(folder, 'data', 'flores-mini', lang);
    mkdirSync(dir, { recursive: true });
    for (const [split, n] of Object.entries(SPLITS)) {
      const lines = readFileSync(join(SOURCE, lang, `${split}.tsv`), 'utf8').split('\n').slice(0, n + 1);
      if (lang === 'deu_Latn' && split === 'dev') {
        const put = (line: number, text: string) => {
          const f = lines[line - 1].split('\t');
          lines[line - 1] = [f[0], f[1], text].join('\t');
        };
        put(MISLABELLED, french[MISLABELLED - 1].split('\t')[2]);
        put(HOSTILE, `${XSS} ${lines[HOSTILE - 1].split('\t')[2]}`);
      }
      writeFileSync(join(dir, `${split}.tsv`), lines.join('\n') + '\n');
    }
  }
  // 120,000 English–German rows: pairs of real FLORES sentences (every text distinct, real words).
  const en = readFileSync(join(SOURCE, 'eng_Latn', 'train.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[2]);
  const de = readFileSync(join(SOURCE, 'deu_Latn', 'train.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[2]);
  const rows: string[] = [];
  for (let i = 0; i < BIG_ROWS; i++) {
    const a = i % en.length;
    const b = (Math.floor(i / en.length) + a + 1) % en.length;
    rows.push(JSON.stringify({ id: `r${i + 1}`, en: `${en[a]} ${en[b]}`, de: `${de[a]} ${de[b]}` }));
  }
  writeFileSync(join(folder, 'data', 'big.jsonl'), rows.join('\n') + '\n');
  // The real multilingual-e5-small tokenizer as the default model (no weights: tokens only).
  const tokenizer = join(repoRoot, '.cache', 'ui-inspector-e5-tokenizer');
  mkdirSync(tokenizer, { recursive: true });
  for (const f of ['config.json', 'tokenizer_config.json']) copyFileSync(join(E5, f), join(tokenizer, f));
  if (!existsSync(join(tokenizer, 'tokenizer.json'))) writeFileSync(join(tokenizer, 'tokenizer.json'), gunzipSync(readFileSync(join(E5, 'tokenizer.json.gz'))));
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'xlens.defaultModel': tokenizer }, null, 2));
  return { folder, tokenizer };
}

describe('XLens corpus inspector (UI)', function () {
  this.timeout(600_000);
  let wb: Workbench | undefined;

  before(async () => {
    const ws = buildWorkspace();
    wb = await openWorkbench({ workspace: ws.folder });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens a dataset from the Datasets tree and shows its statistics and language check', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Show XLens');
    await page.locator('.monaco-list-row', { hasText: 'flores-mini' }).first().click({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Inspect: flores-mini' }).first().waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('.ins-cards').waitFor({ timeout: 120_000 }).catch(async (e) => {
      await screenshot(page, 'inspector-failed');
      throw new Error(`no statistics; the panel says: ${await frame.locator('body').innerText().catch(() => '?')}; ${String(e)}`);
    });
    assert.equal(await frame.locator('.card[data-key="rows"] .card-value').innerText(), '60');
    const langs = frame.locator('.ins-langs tbody tr');
    assert.equal(await langs.count(), 4);
    await frame.locator('.ins-langs th', { hasText: 'deu_Latn — German' }).waitFor();
    // Token statistics under the real e5 tokenizer, with the share past its 512 limit.
    await frame.locator('.ins-tokenizer', { hasText: 'max length 512' }).waitFor();
    await frame.locator('.ins-langs thead th', { hasText: 'Truncated' }).waitFor();
    const en = await frame.locator('.ins-langs tr[data-lang="en"] td').allInnerTexts();
    assert.ok(en.includes('0 (0.0 %)'), `English truncation: ${en.join(' | ')}`);
    // The language check finishes; Acehnese in Arabic script is not checked, German has a flag.
    await frame.locator('.ins-identifier', { hasText: 'Language check: eld' }).waitFor({ timeout: 120_000 });
    assert.match(await frame.locator('.ins-langs tr[data-lang="ace-Arab"] .ins-check').innerText(), /^not checked/);
    assert.match(await frame.locator('.ins-langs tr[data-lang="de"] .ins-check').innerText(), /[1-9]\d* flagged/);
    await screenshot(page, 'inspector-statistics');
  });

  it('lists the mislabelled row under Language mismatch and opens its source file at its line', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('button.ins-view[data-view="language"]').click();
    const cell = frame.locator('.ins-cell[data-lang="de"][data-kinds~="language"]').first();
    await cell.waitFor({ timeout: 30_000 });
    assert.match(await cell.locator('.ins-badge').getAttribute('title') ?? '', /declared de, detected fr/);
    await screenshot(page, 'inspector-language-flags');
    await cell.locator('.ins-badge').click();
    await page.locator('.tabs-container .tab', { hasText: 'dev.tsv' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${MISLABELLED}, Col 1`) }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'inspector-opened-source');
    await page.locator('.tabs-container .tab', { hasText: 'Inspect: flores-mini' }).first().click();
  });

  it('shows a hostile corpus string as text', async () => {
    const page = wb!.page;
    const frame = webviewFrame(page);
    await frame.locator('button.ins-view[data-view="all"]').click();
    const hostile = frame.locator('.ins-cell[data-lang="de"] .ins-text', { hasText: XSS }).first();
    await hostile.waitFor({ timeout: 30_000 });
    assert.ok((await hostile.innerText()).startsWith(XSS));
    assert.equal(await frame.locator('img').count(), 0);
    await hostile.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspector-hostile');
  });

  it('keeps 120,000 rows virtualised while scrolling', async () => {
    const page = wb!.page;
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.monaco-list-row', { hasText: 'big.jsonl' }).first().click({ timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Inspect: big.jsonl' }).first().waitFor({ timeout: 60_000 });
    const frame = webviewFrame(page);
    await frame.locator('.ins-cards').waitFor({ timeout: 300_000 });
    assert.equal(await frame.locator('.card[data-key="rows"] .card-value').innerText(), '120,000');
    const viewport = frame.locator('.ins-viewport');
    const rows = frame.locator('.ins-spacer > .ins-row');
    await frame.locator('.ins-row[data-row="1"]').waitFor({ timeout: 60_000 });
    const bound = await rows.count();
    assert.ok(bound > 5 && bound <= 80, `rows in the DOM at the top: ${bound}`);
    const timings: number[] = [];
    for (const target of [60_000, 119_990, 2_500]) {
      const t0 = Date.now();
      await viewport.evaluate((e, row) => (e.scrollTop = (row - 1) * 26), target);
      await frame.locator(`.ins-row[data-row="${target}"] .ins-text`).first().waitFor({ timeout: 60_000 });
      timings.push(Date.now() - t0);
      const n = await rows.count();
      assert.ok(n <= 80, `rows in the DOM after scrolling to ${target}: ${n}`);
      const de = await frame.locator(`.ins-row[data-row="${target}"] .ins-cell[data-lang="de"] .ins-text`).innerText();
      assert.ok(de.length > 20, `row ${target} has its German text: ${de}`);
      if (target === 60_000) await screenshot(page, 'inspector-big');
    }
    console.log(`      rows in the DOM: ${bound} of 120,000; scroll-to-row latency (ms): ${timings.join(', ')}`);
  });
});
