import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverDatasets } from '../../core/data/discover';
import { tryCanonicalLang } from '../../core/data/languages';
import { CancelledError, UserError } from '../../core/errors';
import type { AdapterKind } from '../../core/training/adapters';
import type { LossKind } from '../../core/training/losses';
import { isTrainingJsonl } from '../../core/training/trainJsonl';
import type { TrainRequest } from '../../core/training/trainJob';
import { runTrainInWorker } from '../../core/training/workerClient';
import type { TrainingJobInfo, TrainingState, TrainingSummary } from '../../protocol/training';
import { runJob } from '../jobs';
import { formatLanguage, languageNamesOf } from '../../core/data/languageNames';
import { pickLanguageSet, rememberLanguageSet } from './languagePick';
import type { PanelRegistry } from '../panels/registry';
import type { RunStore } from '../runStore';
import { settings } from '../settings';
import { compareWithBase } from '../training/compareWithBase';
import { TrainingJob, trainingJobs } from '../training/trainingJob';
import { writeTrainingLog } from '../training/trainingLog';
import { defaultOptions, pickOptions, type TrainOptions } from '../training/trainOptions';
import { datasetRoots, type TreeNode } from '../tree/xlensTree';
import { approveModel, requireTrust, settingOrigin } from '../trust';

export interface TrainDeps {
  context: vscode.ExtensionContext;
  runs: RunStore;
  log: vscode.LogOutputChannel;
  panels: PanelRegistry;
  /** Called when a checkpoint was written (the Models tree lists it). */
  onCheckpoint: () => void;
}

const LOSSES: Array<{ kind: LossKind; description: string }> = [
  { kind: 'jsd', description: 'JSD + InfoNCE: English and target queries rank the passages alike (English-inclination paper)' },
  { kind: 'clear', description: 'CLEAR: forward + reverse InfoNCE through the English passage, with a KL between them' },
  { kind: 'infonce', description: 'InfoNCE baseline: both translations of the passage are positives' },
  { kind: 'mimo', description: 'MIMO: distil into the English space, then add cross-lingual InfoNCE (two stages)' },
];

const ADAPTERS: Array<{ kind: AdapterKind; description: string }> = [
  { kind: 'linear', description: 'a full d×d matrix, initialised to the identity' },
  { kind: 'lowrank', description: 'I + U Vᵀ of rank r: few parameters' },
  { kind: 'orthogonal', description: 'kept orthogonal: a rotation, distances preserved' },
];

const QA_FORMATS = new Set(['xquad', 'xquad-r', 'belebele']);
const PARALLEL_FORMATS = new Set(['flores', 'sib200', 'tatoeba', 'jsonl', 'csv', 'tsv']);

/**
 * XLens: Train Alignment Adapter… — picks the training data, base model, target languages, loss
 * and adapter (settings default to the CLI's), then trains in the training worker under a
 * cancellable notification and shows the training panel. Returns the checkpoint folder.
 */
export async function trainAdapterCommand(deps: TrainDeps, arg?: TreeNode): Promise<string | undefined> {
  if (!requireTrust('Training an adapter')) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) {
    const open = await vscode.window.showWarningMessage('XLens: open a folder first; checkpoints are written to its .xlens/checkpoints/.', 'Open Folder…');
    if (open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return;
  }
  const data = arg?.kind === 'dataset' ? { path: arg.dataset.path, trainJsonl: isTrainingJsonl(arg.dataset.path) } : await pickTrainingData();
  if (!data) return;
  const picked = arg?.kind === 'model' ? arg.source : await pickModel();
  const model = picked && (await approveModel(picked, settingOrigin(picked), folder));
  if (!model) return;
  const pivot = settings().pivot;
  const available = await languagesOf(deps, data.path, data.trainJsonl, pivot);
  if (!available) return;
  const langs = await pickLanguageSet(deps.context, { title: `XLens: target languages (aligned with ${formatLanguage(pivot)})`, languages: available.map((code) => ({ code })), dataset: data.path, purpose: 'query' });
  if (!langs) return;
  const loss = await pickOne('XLens: loss', LOSSES);
  if (!loss) return;
  const adapter = await pickOne('XLens: adapter', ADAPTERS);
  if (!adapter) return;
  const checkpoints = path.join(folder, '.xlens', 'checkpoints');
  const options = await pickOptions(defaultOptions(loss, adapter, langs), adapter, checkpoints);
  if (!options) return;

  const request = trainRequest({ data: data.path, trainJsonl: data.trainJsonl, model, langs, pivot, loss, adapter, options, cwd: folder });
  const checkpoint = path.join(checkpoints, options.name);
  const info: TrainingJobInfo = {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    checkpoint,
    checkpointLabel: vscode.workspace.asRelativePath(checkpoint),
    data: data.path,
    dataLabel: vscode.workspace.asRelativePath(data.path),
    format: request.format,
    model,
    loss,
    adapter,
    langs,
    pivot,
    languageNames: languageNamesOf([...langs, pivot]),
    epochs: options.epochs,
    minSteps: options.minSteps,
    batchSize: options.batchSize,
    lr: options.lr,
    seed: options.seed,
    evalEvery: options.evalEvery,
    trackedMetric: options.earlyStopping?.metric ?? 'bilingual.Max@R',
    cwd: folder,
  };
  await rememberLanguageSet(deps.context, data.path, 'query', langs);
  const job = new TrainingJob(info);
  trainingJobs.set(info.id, job);
  showTraining(deps, job);
  return runTraining(deps, job, request);
}

/** Opens a training panel on the job (another one if the first was closed). */
function showTraining(deps: TrainDeps, job: TrainingJob): void {
  const state: TrainingState = { job: job.info, status: job.status, hiddenSeries: [], language: '' };
  deps.panels.open('training', state, `Training ${path.basename(job.info.checkpoint)}`);
}

export function trainRequest(p: {
  data: string; trainJsonl: boolean; model: string; langs: string[]; pivot: string; loss: LossKind; adapter: AdapterKind; options: TrainOptions; cwd: string;
}): TrainRequest {
  const o = p.options;
  return {
    data: p.data,
    format: p.trainJsonl ? 'train-jsonl' : undefined,
    model: p.model,
    langs: p.langs,
    pivot: p.pivot,
    loss: p.loss,
    adapter: p.adapter,
    rank: p.adapter === 'lowrank' ? o.rank : undefined,
    epochs: o.epochs,
    minSteps: o.minSteps,
    batchSize: o.batchSize,
    lr: o.lr,
    weightDecay: o.weightDecay,
    warmup: o.warmup,
    seed: o.seed,
    evalEvery: o.evalEvery,
    earlyStopping: o.earlyStopping,
    validationFraction: o.validationFraction,
    hardNegatives: o.hardNegatives,
    hardWindow: o.hardWindow,
    out: path.join('.xlens', 'checkpoints', o.name),
    cwd: p.cwd,
  };
}

/** Runs the job in the training worker under a progress notification whose Cancel discards it. */
async function runTraining(deps: TrainDeps, job: TrainingJob, request: TrainRequest): Promise<string | undefined> {
  const { info } = job;
  const title = `XLens: training ${info.checkpointLabel}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => job.cancel.abort());
    let shown = 0;
    const unsubscribe = job.subscribe((m) => {
      if (m.type === 'training/status' && m.phase) progress.report({ message: m.phase });
      if (m.type === 'training/steps' && job.plan) {
        const done = job.steps.step[job.steps.count - 1] ?? 0;
        const pct = Math.floor((100 * done) / job.plan.totalSteps);
        progress.report({ message: `step ${done}/${job.plan.totalSteps}`, increment: pct > shown ? pct - shown : undefined });
        shown = Math.max(shown, pct);
      }
    });
    try {
      const result = await runTrainInWorker(deps.context.asAbsolutePath('dist/trainWorker.js'), request, {
        signal: job.cancel.signal,
        stop: job.stop.signal,
        onEvent: (e) => job.onEvent(e),
        onProgress: (p) => job.onProgress(p),
      });
      const m = result.meta.metrics;
      const summary: TrainingSummary = {
        reason: result.reason,
        steps: result.steps,
        totalSteps: result.meta.training.totalSteps,
        bestStep: job.bestStep,
        metricsStep: m?.step,
        heldOut: m?.heldOut,
        base: m?.base,
        testSplit: m?.split,
        validationSplit: m?.validation?.split,
        checkpoint: info.checkpoint,
        checkpointLabel: info.checkpointLabel,
      };
      job.finish(summary);
      await writeTrainingLog(result.out, { jobId: info.id, plan: job.plan, steps: job.steps, evals: job.evals, summary }).catch((e: unknown) =>
        deps.log.warn(`could not write the training log: ${e instanceof Error ? e.message : String(e)}`),
      );
      deps.onCheckpoint();
      deps.log.info(`training ${info.checkpointLabel}: ${result.reason} after ${result.steps} steps; checkpoint written to ${result.out}`);
      void announce(deps, job, summary);
      return result.out;
    } catch (e) {
      if (e instanceof CancelledError) {
        job.fail('cancelled', 'Cancelled: nothing was saved.');
        deps.log.info(`training ${info.checkpointLabel}: cancelled`);
      } else if (e instanceof UserError) {
        job.fail('failed', e.message);
        deps.log.warn(`training ${info.checkpointLabel}: ${e.message}`);
        void vscode.window.showErrorMessage(`XLens: ${e.message}`);
      } else {
        const message = e instanceof Error ? e.message : String(e);
        job.fail('failed', message);
        deps.log.error(`training ${info.checkpointLabel}: ${e instanceof Error ? (e.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(`XLens: training failed: ${message} (see XLens: Open Log)`);
      }
      return undefined;
    } finally {
      unsubscribe();
    }
  });
}

async function announce(deps: TrainDeps, job: TrainingJob, s: TrainingSummary): Promise<void> {
  const key = job.info.trackedMetric;
  const change = s.base?.[key] !== undefined && s.heldOut?.[key] !== undefined ? ` (test ${key} ${round(s.base[key])} → ${round(s.heldOut[key])}, held-out units)` : '';
  const compare = 'Compare with Base Model';
  const show = 'Show Training';
  const pick = await vscode.window.showInformationMessage(`XLens: checkpoint written to ${s.checkpointLabel}${change}.`, compare, show);
  if (pick === compare) await compareWithBase(deps, job.info, (state, message) => job.setCompare(state, message));
  if (pick === show) showTraining(deps, job);
}

function round(v: number): string {
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

async function pickTrainingData(): Promise<{ path: string; trainJsonl: boolean } | undefined> {
  const found = discoverDatasets(datasetRoots()).flatMap((f) => {
    if (QA_FORMATS.has(f.format)) return [{ ...f, trainJsonl: false, help: 'questions and passages, split by article' }];
    if (f.format === 'jsonl' && isTrainingJsonl(f.path)) return [{ ...f, trainJsonl: true, help: 'training JSONL {q_en, q_L, p_en, p_L}' }];
    if (PARALLEL_FORMATS.has(f.format) && f.format !== 'jsonl') return [{ ...f, trainJsonl: false, help: 'parallel sentences, split by sentence' }];
    return [];
  });
  const browse = '$(folder-opened) Browse…';
  const items: vscode.QuickPickItem[] = [...found.map((f) => ({ label: path.basename(f.path), description: `${f.format} · ${f.help}`, detail: f.path })), { label: browse }];
  const pick = await vscode.window.showQuickPick(items, { title: 'XLens: training data', placeHolder: 'A parallel QA corpus (XQuAD, XQuAD-R, Belebele), parallel sentences, or a training JSONL' });
  if (!pick) return;
  if (pick.label !== browse) return { path: pick.detail!, trainJsonl: found.find((f) => f.path === pick.detail)?.trainJsonl ?? false };
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, title: 'XLens: training data' });
  const p = uris?.[0]?.fsPath;
  return p ? { path: p, trainJsonl: isTrainingJsonl(p) } : undefined;
}

async function pickModel(): Promise<string | undefined> {
  const s = settings();
  const sources = [...new Set([s.defaultModel, ...s.modelSources, 'builtin:char-ngram'])];
  const other = '$(edit) Enter a model source…';
  const pick = await vscode.window.showQuickPick([...sources.map((label) => ({ label })), { label: other }], {
    title: 'XLens: base model (frozen; the adapter is trained on its embeddings)',
    placeHolder: 'Hugging Face id, local folder, builtin:char-ngram, precomputed:<file>',
  });
  if (!pick) return;
  if (pick.label !== other) return pick.label;
  return vscode.window.showInputBox({ title: 'XLens: base model source', prompt: 'org/name[@rev], a folder, builtin:char-ngram, precomputed:<file>, openai:<url>#<model>, tei:<url>' });
}

/** Languages of the data: the engine's `inspect` job for corpora, the field names of a training JSONL. */
async function languagesOf(deps: TrainDeps, data: string, trainJsonl: boolean, pivot: string): Promise<string[] | undefined> {
  let codes: string[];
  if (trainJsonl) codes = jsonlLanguages(data, pivot);
  else {
    const r = await runJob(deps.context, deps.log, `Reading ${path.basename(data)}`, { kind: 'inspect', data });
    if (r?.kind !== 'inspect') return;
    codes = r.summary.languages.map((l) => l.code);
    if (!codes.includes(pivot)) {
      void vscode.window.showWarningMessage(`XLens: ${path.basename(data)} has no ${pivot} side (the pivot, setting xlens.pivot) to align with.`);
      return;
    }
  }
  const targets = codes.filter((c) => c !== pivot);
  if (targets.length > 0) return targets;
  const typed = await vscode.window.showInputBox({ title: 'XLens: target languages', prompt: 'Comma-separated codes, e.g. de,zh' });
  return typed?.split(/[\s,]+/).filter(Boolean);
}

/** Target languages named in the first rows of a training JSONL (`lang` values, `q_<lang>` fields). */
export function jsonlLanguages(file: string, pivot: string): string[] {
  const found = new Set<string>();
  const text = fs.readFileSync(file, 'utf8').slice(0, 1 << 20);
  for (const line of text.split('\n').slice(0, 2000)) {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof row !== 'object' || row === null) continue;
    for (const [k, v] of Object.entries(row)) {
      const code = k === 'lang' && typeof v === 'string' ? tryCanonicalLang(v) : /^q_(.+)$/.exec(k)?.[1];
      if (code && code !== 'L' && code !== pivot) found.add(tryCanonicalLang(code) ?? code);
    }
  }
  return [...found].sort();
}

async function pickOne<K extends string>(title: string, options: Array<{ kind: K; description: string }>): Promise<K | undefined> {
  const pick = await vscode.window.showQuickPick(options.map((o) => ({ label: o.kind, description: o.description })), { title });
  return pick?.label as K | undefined;
}
