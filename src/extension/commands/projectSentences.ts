import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageDisplay } from '../../core/data/languageNames';
import { parseSampleCap, preselectLanguages, suggestedCap } from '../../core/projection/sentenceSetInput';
import type { DatasetSource } from '../../protocol';
import type { CorpusSummary } from '../../workers/protocol';
import { runJob } from '../jobs';
import type { PanelRegistry } from '../panels/registry';
import type { TreeNode } from '../tree/xlensTree';
import { approveModel, settingOrigin } from '../trust';
import { pickDataset, pickModel } from './evaluate';

const LAST_LANGS_KEY = 'xlens.projection.lastLangs';

/**
 * XLens: Project Sentences… — a UMAP of any parallel dataset (FLORES/SIB-200, Tatoeba,
 * JSONL/CSV/TSV, or a QA set's questions and passages) without a run: pick the dataset (or take
 * the Datasets tree item), the encoder (Evaluate…'s model pick), the languages and a cap on points;
 * the Projection panel computes it in the engine worker and keeps the choice for reloads.
 */
export async function projectSentencesCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, panels: PanelRegistry, arg?: TreeNode): Promise<DatasetSource | undefined> {
  const data = arg?.kind === 'dataset' ? arg.dataset.path : await pickDataset();
  if (!data) return;
  const inspected = await runJob(context, log, `Reading ${path.basename(data)}`, { kind: 'inspect', data });
  if (inspected?.kind !== 'inspect') return;
  const summary = inspected.summary;
  const picked = arg?.kind === 'model' ? arg.source : await pickModel();
  if (!picked) return;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(data);
  // Checked here so a refused source is said before the pickers; the panel asks again when it opens.
  if ((await approveModel(picked, settingOrigin(picked), cwd)) === undefined) return;
  const langs = await pickLanguages(context, summary);
  if (!langs) return;
  const available = availablePoints(summary, langs.length);
  const capText = await vscode.window.showInputBox({
    title: 'XLens: at most how many points (whole groups of translations are sampled, seeded)',
    value: String(suggestedCap(available)),
    prompt: `${available.toLocaleString('en')} ${summary.kind === 'qa' ? 'questions and passages' : 'sentences'} in the chosen languages (about). More points: a slower layout (20,000 take about a minute on 2 cores).`,
    validateInput: (t) => {
      const r = parseSampleCap(t);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (capText === undefined) return;
  const parsed = parseSampleCap(capText);
  if ('error' in parsed) return;
  await context.workspaceState.update(LAST_LANGS_KEY, langs);
  const dataset: DatasetSource = {
    data,
    format: summary.format,
    model: picked,
    langs,
    maxPoints: parsed.cap,
    label: `${path.basename(data)} · ${picked.replace(/^builtin:/, '')} · ${langs.length} language${langs.length === 1 ? '' : 's'}`,
  };
  panels.open('projection', { dataset, hiddenLanguages: [] }, `XLens: Projection: ${path.basename(data)}`);
  return dataset;
}

/** Points the chosen languages hold, from the corpus counts (languages assumed of equal size). */
function availablePoints(s: CorpusSummary, langs: number): number {
  const total = s.kind === 'qa' ? (s.counts.queries ?? 0) + (s.counts.documents ?? 0) : (s.counts.sentences ?? 0);
  return Math.round((total * langs) / Math.max(1, s.languages.length));
}

/** Languages by name ("de — German"), a sensible few ticked (the last projection's, or common ones), never all of 204. */
async function pickLanguages(context: vscode.ExtensionContext, summary: CorpusSummary): Promise<string[] | undefined> {
  const codes = summary.languages.map((l) => l.code);
  const chosen = new Set(preselectLanguages(codes, context.workspaceState.get<string[]>(LAST_LANGS_KEY, [])));
  type Item = vscode.QuickPickItem & { code: string };
  const items: Item[] = summary.languages.map((l) => ({ label: languageDisplay(l.code, l.label).display, description: l.code !== l.label ? l.code : undefined, code: l.code }));
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = `XLens: languages to project (${chosen.size} of ${codes.length} preselected)`;
  qp.placeholder = 'Filter by code or name; tick the languages to show';
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  qp.items = items;
  qp.selectedItems = items.filter((i) => chosen.has(i.code));
  const picked = await new Promise<string[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems.map((i) => i.code)));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  return picked && picked.length > 0 ? picked : undefined;
}
