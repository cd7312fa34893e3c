// `npm run pictures`: the README's pictures of the panels, taken in a real VS Code (code-server +
// headless Chromium, through the UI-test driver) from the bundled sample, so they show the panels
// as they are now. Re-run after changing a panel; writes media/readme-*.png, each palette-
// compressed (sharp, a dependency of transformers.js) to at most 250 KB.
//
// Runs: the sample (samples/xquad-mini) evaluated by the CLI with builtin:char-ngram (2048 and 512
// dimensions: a pair for Compare) and, when ../shared/data holds FLORES/SIB-200, a bitext run of
// seven languages (80 sentences each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { openWorkbench, repoRoot, runCommand, webviewFrame } from '../test/vscode/driver';
import { buildUiWorkspace } from '../test/vscode/uiWorkspace';

const MAX_BYTES = 250 * 1024;
const MEDIA = join(repoRoot, 'media');
const FLORES = join(repoRoot, '..', 'shared', 'data', 'flores200-sib');
const BITEXT_LANGS = ['eng_Latn', 'deu_Latn', 'fra_Latn', 'spa_Latn', 'rus_Cyrl', 'arb_Arab', 'zho_Hans'];

/** A bitext run of the first rows of seven FLORES/SIB-200 languages, or undefined without the shared data. */
function bitextRun(folder: string): string | undefined {
  if (!existsSync(FLORES)) return undefined;
  for (const lang of BITEXT_LANGS) {
    const dir = join(folder, 'data', 'flores-mini', lang);
    mkdirSync(dir, { recursive: true });
    for (const [split, n] of Object.entries({ dev: 40, test: 20, train: 20 })) writeFileSync(join(dir, `${split}.tsv`), readFileSync(join(FLORES, lang, `${split}.tsv`), 'utf8').split('\n').slice(0, n + 1).join('\n') + '\n');
  }
  const out = join(folder, '.xlens', 'runs', 'c-bitext.json');
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'bitext', '--data', join(folder, 'data', 'flores-mini'), '--model', 'builtin:char-ngram', '--out', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xlens bitext failed: ${r.stderr}`);
  return out;
}

/** Palette PNG (libimagequant), lowering the colour count, then the width, until it fits. */
async function writeCompressed(png: Buffer, name: string): Promise<void> {
  const meta = await sharp(png).metadata();
  for (const [colours, width] of [[256, meta.width], [128, meta.width], [64, meta.width], [128, 1200], [64, 1000]] as const) {
    const out = await sharp(png).resize({ width }).png({ palette: true, colours, compressionLevel: 9, effort: 10 }).toBuffer();
    if (out.length <= MAX_BYTES) {
      writeFileSync(join(MEDIA, name), out);
      console.log(`${name}: ${width}×${Math.round((meta.height! * width!) / meta.width!)}, ${colours} colours, ${(out.length / 1024).toFixed(0)} KB (screenshot ${(png.length / 1024).toFixed(0)} KB)`);
      return;
    }
  }
  throw new Error(`${name} does not fit in ${MAX_BYTES} bytes`);
}

/** Picks the run whose quick-pick row contains `text` (and not `not`). */
async function pickRun(page: Page, text: string, not?: string): Promise<void> {
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: text });
  const row = (not ? rows.filter({ hasNotText: not }) : rows).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/ is missing: npm run build first');
  const ws = buildUiWorkspace('readme-pictures', { hostile: false });
  const bitext = bitextRun(ws.folder);
  const wb = await openWorkbench({ workspace: ws.folder, logName: 'readme-pictures.log', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const page = wb.page;
  const shoot = async (name: string) => {
    await page.waitForTimeout(800); // animations and progress toasts settle
    await writeCompressed(await page.screenshot(), name);
  };
  const fresh = async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Notifications: Clear All Notifications');
  };
  try {
    await runCommand(page, 'View: Close Primary Side Bar');

    await runCommand(page, 'XLens: Show Max@R Report');
    await pickRun(page, 'bilingual', 'dim=512'); // run a: builtin:char-ngram
    let frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Max@R' }).waitFor({ timeout: 90_000 });
    await shoot('readme-maxr.png');

    await fresh();
    await runCommand(page, 'XLens: Show Ranking Table');
    await pickRun(page, 'bilingual', 'dim=512');
    frame = webviewFrame(page);
    await frame.locator('h1', { hasText: 'Ranking' }).waitFor({ timeout: 90_000 });
    // Chinese has the highest EIR here: its worst queries, and the ranked list of the worst one.
    await frame.locator('table.metrics-table tbody tr.clickable', { has: frame.locator('th[data-lang="zh"]') }).click();
    await frame.locator('.worst-table tbody tr').first().waitFor({ timeout: 30_000 });
    await frame.locator('.worst-table tbody tr').first().click();
    await frame.locator('.ranked-list .query-text').waitFor({ timeout: 60_000 });
    await shoot('readme-ranking.png');

    await fresh();
    await runCommand(page, 'XLens: Show Projection');
    await pickRun(page, 'bilingual', 'dim=512');
    frame = webviewFrame(page);
    await frame.locator('.pp-status[data-visible]').waitFor({ timeout: 180_000 });
    await shoot('readme-projection.png');

    await fresh();
    await runCommand(page, 'XLens: Compare Runs…');
    await pickRun(page, 'bilingual', 'dim=512');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'run B' }).waitFor({ timeout: 30_000 });
    await pickRun(page, 'dim=512');
    frame = webviewFrame(page);
    await frame.locator('table.cmp-table').waitFor({ timeout: 180_000 });
    await shoot('readme-compare.png');

    if (bitext) {
      await fresh();
      await runCommand(page, 'XLens: Show Bitext Report');
      await pickRun(page, 'bitext');
      frame = webviewFrame(page);
      await frame.locator('canvas.bx-heatmap').waitFor({ timeout: 90_000 });
      await shoot('readme-bitext.png');
    } else {
      console.log(`readme-bitext.png kept: ${FLORES} is absent`);
    }
  } finally {
    await wb.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
