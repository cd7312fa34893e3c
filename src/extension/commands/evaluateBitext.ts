import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageDisplay } from '../../core/data/languageNames';
import { tryCanonicalLang } from '../../core/data/languages';
import type { CorpusSummary } from '../../workers/protocol';
import { runJob } from '../jobs';
import { withModelSettings } from '../modelSource';
import type { RunStore } from '../runStore';
import { settings } from '../settings';
import { pickLanguageSet, rememberLanguageSet } from './languagePick';
import { approveModel, settingOrigin } from '../trust';

/** Up to this many languages (pivot included) every pair is mined; beyond, each language against the pivot (as `xlens bitext`). */
export const FULL_MATRIX_MAX_LANGS = 10;

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
  const langs = await pickBitextLanguages(context, data, summary, pivot);
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
  await rememberLanguageSet(context, data, 'query', langs);
  const uri = await runs.save(result.report);
  log.info(`bitext run saved to ${uri.fsPath} (${result.report.timings.total} s, ${Object.keys(result.report.pairs).length} pairs)`);
  await vscode.commands.executeCommand('xlens.showBitext', uri);
  return uri;
}

/**
 * Languages to mine against the pivot, named ("deu_Latn — German"), preselected as every
 * many-language picker (languagePick.ts): the last run's languages on this dataset, else a few.
 */
async function pickBitextLanguages(context: vscode.ExtensionContext, data: string, summary: CorpusSummary, pivot: string): Promise<string[] | undefined> {
  return pickLanguageSet(context, {
    title: `XLens: bitext languages (each mined against ${languageDisplay(pivot).display}; up to ${FULL_MATRIX_MAX_LANGS - 1} languages: every pair)`,
    languages: summary.languages.filter((l) => l.code !== pivot),
    dataset: data,
    purpose: 'query',
    pivot,
  });
}
