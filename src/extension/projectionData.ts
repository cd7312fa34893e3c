import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FormatId } from '../core/data/corpus';
import { FORMATS } from '../core/data/detect';
import { outcomeLegend, pointOutcomes } from '../core/projection/outcomes';
import { poolRanking } from '../core/projection/poolList';
import type { Report } from '../core/report/schema';
import type { DatasetSource, NeighbourRow, PoolList, ProjectionOutcomes, ProjectionPoints, RunRef } from '../protocol';
import type { JobRequest } from '../workers/protocol';
import { engine } from './engine';
import { runJob } from './jobs';
import { withModelSettings } from './modelSource';
import { approveDataPath, approveModel, runFileOrigin, settingOrigin } from './trust';

/**
 * Host side of the projection: runs the engine worker's `project` job for a saved run (its
 * dataset, model and languages) under a cancellable progress notification, and answers
 * neighbour lookups from the vectors the worker keeps. Results are memoised per request, so a
 * panel restored after a reload (which asks again on `ready`) gets its points back at once.
 */
export interface ProjectionOptions {
  /** The run being shown; echoed as `points.run`. */
  ref: RunRef;
  /** Languages to show; default the run's languages plus its pivot. */
  langs?: string[];
  /** QA corpora: passages too, not only questions. */
  includePassages?: boolean;
  /** Cap on points (default 20,000); whole parallel groups are sampled, seeded. */
  maxPoints?: number;
  /** Layout seed (default 42): same seed, data and model → same layout. */
  seed?: number;
  /** UMAP neighbours (default 15) and minimum distance (default 0.1). */
  neighbors?: number;
  minDist?: number;
}

type ProjectRequest = Extract<JobRequest, { kind: 'project' }>;

export interface LoadedProjection {
  points: ProjectionPoints;
  /** Corpus id of each point (question, passage or sentence id): matches points across runs. */
  ids: string[];
  /** The worker's handle for neighbour lookups. */
  readonly projectionId: number;
  readonly request: ProjectRequest;
}

const MEMO_SIZE = 4;
const memo = new Map<string, Promise<LoadedProjection | undefined>>();
/** Projection ids the worker forgot → the ids of their recomputations. */
const renewed = new Map<number, number>();

/** Project a run's corpus; undefined when the user cancelled or the job failed (already reported). */
export async function loadProjection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, run: Report, opts: ProjectionOptions): Promise<LoadedProjection | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const runUri = vscode.Uri.parse(opts.ref.uri);
  const runDir = path.dirname(runUri.fsPath);
  const data = path.resolve(folder ?? runDir, run.dataset.path);
  const cwd = folder ?? path.dirname(data);
  // The run file names the dataset and the model: workspace content (see sourcePolicy.ts).
  const origin = runFileOrigin(runUri);
  if (!approveDataPath(data, origin)) return undefined;
  const model = await approveModel(run.model.source, origin, cwd);
  if (model === undefined) return undefined;
  const langs = opts.langs ?? [...new Set([...run.languages, ...(run.pivot ? [run.pivot] : [])])];
  const request: ProjectRequest = {
    kind: 'project',
    data,
    format: run.dataset.format in FORMATS ? (run.dataset.format as FormatId) : undefined,
    model,
    langs,
    // QA runs: passages too; the panel shows queries, documents or both.
    includePassages: opts.includePassages ?? true,
    maxPoints: opts.maxPoints,
    seed: opts.seed,
    neighbors: opts.neighbors,
    minDist: opts.minDist,
    run: opts.ref,
    cwd,
  };
  return memoised(context, log, request, `Projecting ${run.dataset.name} with ${run.model.name}`, opts.ref);
}

/**
 * Project a dataset without a run ("Project Sentences…"): the user picked the dataset, model,
 * languages and cap (or the panel restores them after a reload). QA corpora give their questions
 * and passages (the panel shows queries, documents or both). Undefined when refused or cancelled.
 */
export async function loadDatasetProjection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, ds: DatasetSource): Promise<LoadedProjection | undefined> {
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(ds.data);
  if (!approveDataPath(ds.data, { kind: 'user' })) return undefined;
  const model = await approveModel(ds.model, settingOrigin(ds.model), cwd);
  if (model === undefined) return undefined;
  const request: ProjectRequest = {
    kind: 'project',
    data: ds.data,
    format: ds.format && ds.format in FORMATS ? (ds.format as FormatId) : undefined,
    model: withModelSettings(model, cwd),
    langs: ds.langs,
    includePassages: true,
    maxPoints: ds.maxPoints,
    cwd,
  };
  return memoised(context, log, request, `Projecting ${path.basename(ds.data)} with ${ds.model}`, { uri: '', label: ds.label });
}

async function memoised(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, request: ProjectRequest, title: string, ref: RunRef): Promise<LoadedProjection | undefined> {
  const key = JSON.stringify({ ...request, run: undefined });
  let pending = memo.get(key);
  if (!pending) {
    pending = project(context, log, request, title);
    memo.set(key, pending);
    if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  }
  const loaded = await pending;
  if (!loaded) {
    memo.delete(key); // cancelled or failed: ask again next time
    return undefined;
  }
  return loaded.points.run.uri === ref.uri && loaded.points.run.label === ref.label ? loaded : { ...loaded, points: { ...loaded.points, run: ref } };
}

/**
 * The run's per-query outcomes per projected point (core/projection/outcomes.ts), with the
 * legend's definitions; `unavailable` when the run kept no per-query records.
 */
export function runOutcomes(run: Report, projection: LoadedProjection): ProjectionOutcomes {
  if (!run.perQuery?.length) return { variants: [], unavailable: 'This run was saved without per-query records (evaluate with per-query records to colour by outcome): colour by language only.' };
  const variants = pointOutcomes(run.perQuery, projection.ids, new Uint8Array(projection.points.kind));
  return {
    variants: variants.map((v) => ({
      pool: v.pool,
      queriesWithout: v.queriesWithout,
      columns: v.columns.map((c) => ({ name: c.name, ...outcomeLegend(c.name, run), values: c.values.buffer as ArrayBuffer, defined: c.defined, censored: c.censored })),
    })),
  };
}

/** The run's ranking for query point `index` (pool variant `pool`): core/projection/poolList.ts. */
export function poolListOf(
  run: Report,
  projection: LoadedProjection,
  index: number,
  pool: string,
  texts: (ids: string[]) => Promise<{ texts: Record<string, string>; unavailable?: string }>,
): Promise<PoolList> {
  return poolRanking(run.perQuery, { ids: projection.ids, kind: new Uint8Array(projection.points.kind), texts: projection.points.texts }, index, pool, texts);
}

/**
 * The `k` nearest neighbours (cosine, among all projected points, the point itself excluded) of
 * point `index`, with language, 1-based rank and similarity. If the worker has dropped the
 * vectors (it keeps the last few projections, and a restarted worker keeps none), the projection
 * is recomputed (seeded: the same points) and the lookup retried. Throws when that fails or is
 * cancelled, or on a bad index (a RangeError from the engine), with a message fit for the panel.
 */
export async function neighbours(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, projection: LoadedProjection, index: number, k: number): Promise<NeighbourRow[]> {
  for (let attempt = 0; ; attempt++) {
    const projectionId = renewed.get(projection.projectionId) ?? projection.projectionId;
    const r = await engine(context).run({ kind: 'neighbours', projectionId, index, k });
    if (r.kind !== 'neighbours') throw new Error(`neighbours: unexpected ${r.kind} result`);
    if (!r.expired) return r.neighbours;
    if (attempt > 0) throw new Error('the engine lost the projection twice; reopen the panel');
    log.info(`projection ${projectionId} is no longer held by the engine worker; recomputing it for neighbour lookups`);
    const again = await project(context, log, projection.request, 'Recomputing the projection for neighbour lookups');
    if (!again) throw new Error('recomputing the projection was cancelled or failed');
    if (again.ids.length !== projection.ids.length || again.ids.some((id, i) => id !== projection.ids[i])) {
      throw new Error('the recomputed projection has other points (has the dataset changed?); reopen the panel');
    }
    renewed.set(projection.projectionId, again.projectionId);
  }
}

async function project(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, request: ProjectRequest, title: string): Promise<LoadedProjection | undefined> {
  const t0 = performance.now();
  const r = await runJob(context, log, title, request);
  if (r?.kind !== 'project') return undefined;
  log.info(`${title}: ${r.ids.length} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { points: r.points, ids: r.ids, projectionId: r.projectionId, request };
}
