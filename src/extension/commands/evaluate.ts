import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverDatasets } from '../../core/data/discover';
import { SCENARIOS, type ScenarioName } from '../../core/scenarios/types';
import type { CorpusSummary } from '../../workers/protocol';
import { runJob } from '../jobs';
import type { RunStore } from '../runStore';
import { settings } from '../settings';
import { datasetRoots, type TreeNode } from '../tree/xlensTree';
import { approveModel, settingOrigin } from '../trust';
import { withModelSettings } from '../modelSource';
import { checkpointDirOf } from '../../core/training/adapterEncoder';
import { readCheckpointMeta } from '../training/trainingLog';
import { evaluateBitextCommand } from './evaluateBitext';
import { pickLanguageSet, rememberLanguageSet } from './languagePick';

const SCENARIO_HELP: Record<ScenarioName, string> = {
  mono: 'queries and passages in one language',
  cross: 'queries in L, passages in M (L×M matrix)',
  bilingual: 'queries in L, pool of L + pivot passages: English inclination (EIR, Max@R)',
  multilingual: 'one pool of every language (LAReQA)',
  'as-given': 'retrieval datasets (BEIR, MTEB, TREC, MLQA): the corpus as the pool, graded qrels',
};

/**
 * XLens: Evaluate… — pick dataset, model, scenario and languages, run the evaluation in the
 * engine worker under a cancellable progress notification, save the run, open its panels.
 */
export async function evaluateCommand(context: vscode.ExtensionContext, runs: RunStore, log: vscode.LogOutputChannel, arg?: TreeNode): Promise<vscode.Uri | undefined> {
  const data = arg?.kind === 'dataset' ? arg.dataset.path : await pickDataset();
  if (!data) return;
  const summary = await runJob(context, log, `Reading ${path.basename(data)}`, { kind: 'inspect', data });
  if (summary?.kind !== 'inspect') return;
  // Parallel sentences (FLORES/SIB-200, Tatoeba, JSONL/CSV/TSV): bitext mining.
  if (summary.summary.kind !== 'qa') return evaluateBitextCommand(context, runs, log, data, summary.summary, pickModel, arg?.kind === 'model' ? arg.source : undefined);
  const picked = arg?.kind === 'model' ? arg.source : await pickModel();
  if (!picked) return;
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(data);
  const model = await approveModel(picked, settingOrigin(picked), cwd);
  if (model === undefined) return;
  const scenario = await pickScenario(RETRIEVAL_FORMATS.includes(summary.summary.format));
  if (!scenario) return;
  const s = settings();
  // Pool languages first where the scenario takes them (the pool defaults to every language).
  const poolLangs = scenario === 'as-given' || scenario === 'multilingual' ? await pickPoolLanguages(context, data, summary.summary) : undefined;
  if (poolLangs === null) return;
  const langs = await pickLanguages(context, data, summary.summary, scenario, s.pivot);
  if (!langs) return;

  const includeTrainingData = await pickTrainingDataScope(model, cwd);
  if (includeTrainingData === undefined) return;
  const result = await runJob(context, log, `Evaluating ${model} on ${summary.summary.name} (${scenario})`, {
    kind: 'eval',
    data,
    model: withModelSettings(model, cwd),
    scenario,
    langs,
    poolLangs,
    pivot: s.pivot,
    k: s.k,
    perQuery: true,
    includeTrainingData,
    cwd,
  });
  if (result?.kind !== 'eval') return;
  const uri = await runs.save(result.report);
  await rememberLanguageSet(context, data, 'query', langs);
  if (poolLangs) await rememberLanguageSet(context, data, 'pool', poolLangs);
  if (result.report.dataset.split) void vscode.window.showInformationMessage(`XLens: scored ${result.report.dataset.split}.`);
  log.info(`run saved to ${uri.fsPath} (${result.report.timings.total} s)`);
  await vscode.commands.executeCommand('xlens.showRankingTable', uri);
  if (scenario === 'bilingual' || scenario === 'multilingual') await vscode.commands.executeCommand('xlens.showMaxRReport', uri);
  return uri;
}

/**
 * With a checkpoint that records its held-out units: score only those when the data is its
 * training data (the default, see core/training/leakage.ts), or everything. False for any other
 * model; undefined when the pick is dismissed.
 */
async function pickTrainingDataScope(model: string, cwd: string): Promise<boolean | undefined> {
  let dir: string | undefined;
  try {
    dir = checkpointDirOf(model, cwd);
  } catch {
    return false;
  }
  const meta = dir ? await readCheckpointMeta(dir) : undefined;
  const held = meta?.data.heldOut;
  if (!meta || !held) return false;
  const kind = held.unit === 'article' ? 'articles' : 'passages';
  const items = [
    { label: 'Held-out part only', description: 'recommended', detail: `If this is the checkpoint's training data (${meta.data.path}), score only its ${held.units.length} held-out ${kind} of ${held.of}`, all: false },
    { label: 'Everything, including the training data', detail: `Scores the ${held.of - held.units.length} ${kind} it was trained and validated on too; the report carries a warning`, all: true },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'XLens: the model is a checkpoint; which part of its training data to score' });
  return pick?.all;
}

export async function pickDataset(): Promise<string | undefined> {
  const found = discoverDatasets(datasetRoots());
  const browse = '$(folder-opened) Browse…';
  const items: vscode.QuickPickItem[] = [...found.map((f) => ({ label: path.basename(f.path), description: f.format, detail: f.path })), { label: browse }];
  const pick = await vscode.window.showQuickPick(items,
    { title: 'XLens: dataset', placeHolder: 'A parallel QA corpus (XQuAD, XQuAD-R, Belebele), a retrieval dataset (BEIR, MTEB, TREC, MLQA) or parallel sentences for bitext mining (FLORES/SIB-200, Tatoeba, JSONL/CSV/TSV)' },
  );
  if (!pick) return;
  if (pick.label !== browse) return pick.detail;
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, title: 'XLens: open a dataset' });
  return uris?.[0]?.fsPath;
}

export async function pickModel(): Promise<string | undefined> {
  const s = settings();
  const sources = [...new Set([s.defaultModel, ...s.modelSources, ...(s.remoteEndpoint ? [s.remoteEndpoint] : []), 'builtin:char-ngram'])];
  const other = '$(edit) Enter a model source…';
  const pick = await vscode.window.showQuickPick([...sources.map((label) => ({ label })), { label: other }], {
    title: 'XLens: model',
    placeHolder: 'Hugging Face id, local folder, checkpoint, builtin:char-ngram, precomputed:<file>',
  });
  if (!pick) return;
  if (pick.label !== other) return pick.label;
  return vscode.window.showInputBox({ title: 'XLens: model source', prompt: 'org/name[@rev], a folder, builtin:char-ngram, precomputed:<file>, openai:<url>#<model>, tei:<url>' });
}

/** Retrieval datasets (qrels, not parallel): `as-given` is their scenario. */
const RETRIEVAL_FORMATS: readonly string[] = ['beir', 'mteb', 'trec', 'mlqa'];

async function pickScenario(retrieval: boolean): Promise<ScenarioName | undefined> {
  const s = settings();
  const offered = retrieval ? (['as-given'] as ScenarioName[]) : SCENARIOS.filter((sc) => sc !== 'as-given');
  const items = offered.map((sc) => ({ label: sc, description: SCENARIO_HELP[sc], picked: sc === s.defaultScenario }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  return (await vscode.window.showQuickPick(items, { title: 'XLens: scenario' }))?.label as ScenarioName | undefined;
}

/** Pool languages: undefined = every language (all picked), null = cancelled. */
async function pickPoolLanguages(context: vscode.ExtensionContext, data: string, summary: CorpusSummary): Promise<string[] | undefined | null> {
  const picks = await pickLanguageSet(context, { title: 'XLens: pool languages (documents searched)', languages: summary.languages, dataset: data, purpose: 'pool', pivot: settings().pivot });
  if (!picks) return null;
  return picks.length === summary.languages.length ? undefined : picks;
}

async function pickLanguages(context: vscode.ExtensionContext, data: string, summary: CorpusSummary, scenario: ScenarioName, pivot: string): Promise<string[] | undefined> {
  const langs = summary.languages.filter((l) => !(scenario === 'bilingual' && l.code === pivot));
  return pickLanguageSet(context, {
    title: `XLens: query languages (evaluated)${scenario === 'bilingual' ? ` (pool: each + ${pivot})` : ''}`,
    languages: langs,
    dataset: data,
    purpose: 'query',
    pivot,
  });
}
