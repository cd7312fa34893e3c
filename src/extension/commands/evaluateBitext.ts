import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageDisplay } from '../../core/data/languageNames';
import { tryCanonicalLang } from '../../core/data/languages';
import type { CorpusSummary } from '../../workers/protocol';
import { runJob } from '../jobs';
import { withModelSettings } from '../modelSource';
import type { RunStore } from '../runStore';
import { settings } from '../settings';
import { approveModel, settingOrigin } from '../trust';

/** Languages preselected when no earlier bitext run names any of the corpus's (eng, deu, fra, zho, arb, hin, swh, spa, rus, jpn). */
const DEFAULT_LANGS = ['en', 'de', 'fr', 'zh', 'ar', 'hi', 'sw', 'es', 'ru', 'ja'];
/** Up to this many languages (pivot included) every pair is mined; beyond, each language against the pivot (as `xlens bitext`). */
export const FULL_MATRIX_MAX_LANGS = 10;
const LAST_LANGS_KEY = 'xlens.bitext.lastLangs';

/**
 * Evaluate… on a parallel-sentence dataset (FLORES/SIB-200, Tatoeba, JSONL/CSV/TSV): bitext
 * mining in the engine worker, saved as a run (the `xlens bitext` report), then the Bitext panel.
 * `pickModel` is Evaluate…'s own model picker.
 */
export async function evaluateBitextCommand(
  context: vscode.ExtensionContext,
  runs: RunStore,
  log: vscode.LogOutputChannel,
  data: string,
  summary: CorpusSummary,
  pickModel: () => Promise<string | undefined>,
  preselectedModel?: string,
): Promise<vscode.Uri | undefined> {
  const picked = preselectedModel ?? (await pickModel());
  if (!picked) return;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(data);
  const model = await approveModel(picked, settingOrigin(picked), cwd);
  if (model === undefined) return;
  const pivot = tryCanonicalLang(settings().pivot) ?? settings().pivot;
  if (!summary.languages.some((l) => l.code === pivot)) {
    void vscode.window.showWarningMessage(`XLens: ${summary.name} has no ${pivot} sentences, the pivot of bitext mining (setting xlens.pivot).`);
    return;
  }
  const langs = await pickBitextLanguages(context, summary, pivot);
  if (!langs) return;
  const matrix = langs.length + 1 <= FULL_MATRIX_MAX_LANGS ? 'all' : 'pivot';
  const result = await runJob(context, log, `Bitext mining with ${model} on ${summary.name} (${langs.length} languages × ${pivot}${matrix === 'all' ? ', every pair' : ''})`, {
    kind: 'bitext',
    data,
    model: withModelSettings(model, cwd),
    langs,
    pivot,
    matrix,
    cwd,
  });
  if (result?.kind !== 'bitext') return;
  await context.workspaceState.update(LAST_LANGS_KEY, langs);
  const uri = await runs.save(result.report);
  log.info(`bitext run saved to ${uri.fsPath} (${result.report.timings.total} s, ${Object.keys(result.report.pairs).length} pairs)`);
  await vscode.commands.executeCommand('xlens.showBitext', uri);
  return uri;
}

/**
 * Languages to mine against the pivot, named ("deu_Latn — German"). Preselected: the languages of
 * the last bitext run that this corpus has, else a small default set, never all 204; the first
 * item selects every language.
 */
async function pickBitextLanguages(context: vscode.ExtensionContext, summary: CorpusSummary, pivot: string): Promise<string[] | undefined> {
  const langs = summary.languages.filter((l) => l.code !== pivot);
  const last = new Set(context.workspaceState.get<string[]>(LAST_LANGS_KEY, []));
  let preselected = langs.filter((l) => last.has(l.code));
  if (preselected.length === 0) preselected = langs.filter((l) => DEFAULT_LANGS.includes(l.code));
  if (preselected.length === 0 || langs.length <= DEFAULT_LANGS.length) preselected = langs;
  const chosen = new Set(preselected.map((l) => l.code));

  type Item = vscode.QuickPickItem & { code?: string };
  const all: Item = { label: `$(check-all) Select all ${langs.length} languages`, alwaysShow: true };
  const items: Item[] = [all, ...langs.map((l) => ({ label: languageDisplay(l.code, l.label).display, description: l.code !== l.label ? l.code : undefined, code: l.code }))];
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `XLens: bitext languages (each mined against ${languageDisplay(pivot).display}; up to ${FULL_MATRIX_MAX_LANGS - 1} languages: every pair)`;
  qp.placeholder = 'Filter by code or name';
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => i.code && chosen.has(i.code));
  let allTicked = false;
  qp.onDidChangeSelection((sel) => {
    const ticked = sel.includes(all);
    if (ticked !== allTicked) {
      allTicked = ticked;
      qp.selectedItems = ticked ? items : []; // unticking it clears the list
    }
  });
  const picked = await new Promise<string[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems.flatMap((i) => (i.code ? [i.code] : []))));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked && picked.length > 0 ? picked : undefined;
}
