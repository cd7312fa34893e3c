import * as fs from 'node:fs';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { loadCorpus } from '../core/data/load';
import { questionsAsParallel } from '../core/data/views';
import { openEncoder } from '../core/encoders/sources';
import { CancelledError, UserError } from '../core/errors';
import { evaluateBitext } from '../core/eval/bitextEval';
import { evaluate } from '../core/eval/evaluate';
import { languagesToLoad } from '../core/scenarios/build';
import { guardCheckpointOverlap, recordGuard } from '../core/training/leakage';
import { projectCorpus } from '../core/projection/project';
import { projectPair, type ProjectedPair } from '../core/projection/projectPair';
import { ProjectionStore } from '../core/projection/store';
import type { Progress } from '../core/progress';
import type { Corpus, SourceRef } from '../core/data/corpus';
import type { ProjectionPoints } from '../protocol/projection';
import type { RunRef } from '../protocol/runs';
import type { CorpusSummary, FromWorker, JobRequest, JobResult, ToWorker } from './protocol';
import { compareReports } from '../core/compare/compareReports';
import { inspectorLanguages, inspectorOpen, inspectorRows } from './inspectorJobs';
import type { Report } from '../core/report/schema';

/**
 * The engine in a worker thread: loads, encodes, searches and scores without blocking the
 * extension host. One job at a time per message id; `cancel` aborts it.
 */
const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker thread');
const running = new Map<number, AbortController>();
const send = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    running.get(m.id)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(m.id, abort);
  const onProgress = (progress: Progress) => send({ type: 'progress', id: m.id, progress });
  run(m.request, abort.signal, onProgress)
    .then((result) => send({ type: 'done', id: m.id, result }))
    .catch((e: unknown) => {
      const kind = e instanceof UserError ? 'user' : e instanceof CancelledError ? 'cancelled' : 'internal';
      send({ type: 'failed', id: m.id, error: { kind, message: e instanceof Error ? (kind === 'internal' ? (e.stack ?? e.message) : e.message) : String(e) } });
    })
    .finally(() => running.delete(m.id));
});

async function run(req: JobRequest, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  if (req.kind === 'inspect') return { kind: 'inspect', summary: summarise(await loadCorpus(req.data, { format: req.format, signal, onProgress })) };
  if (req.kind === 'inspectorOpen') return inspectorOpen(req, { signal, onProgress });
  if (req.kind === 'inspectorLanguages') return inspectorLanguages(req, { signal, onProgress });
  if (req.kind === 'inspectorRows') return inspectorRows(req);
  if (req.kind === 'texts') return corpusTexts(req, signal, onProgress);
  if (req.kind === 'project') return project(req, signal, onProgress);
  if (req.kind === 'compare') return compareRuns(req, signal, onProgress);
  if (req.kind === 'projectPair') return projectPairJob(req, signal, onProgress);
  if (req.kind === 'neighbours') {
    const neighbours = projections.neighbours(req.projectionId, req.index, req.k);
    return { kind: 'neighbours', projectionId: req.projectionId, index: req.index, neighbours: neighbours ?? [], expired: !neighbours };
  }
  const langs = req.kind === 'eval'
    ? languagesToLoad(req.scenario, req.langs, req.poolLangs, req.pivot)
    : req.langs ? [...new Set([...req.langs, req.pivot])] : undefined;
  const corpus = await loadCorpus(req.data, { format: req.format, langs, signal, onProgress });
  const encoder = await openEncoder(req.model, { cwd: req.cwd, signal, onProgress });
  try {
    if (req.kind === 'eval') {
      if (corpus.kind !== 'qa') throw new UserError('evaluation needs a QA corpus (XQuAD, XQuAD-R, Belebele); this one holds parallel sentences', { file: req.data });
      const guard = await guardCheckpointOverlap(corpus, encoder.info, { includeTrainingData: req.includeTrainingData });
      const report = await evaluate(guard.corpus, encoder, {
        scenario: req.scenario,
        langs: req.langs ?? corpus.languages.map((l) => l.code).filter((c) => req.scenario !== 'as-given' || corpus.queries.some((q) => q.lang === c)),
        poolLangs: req.poolLangs,
        pivot: req.pivot,
        k: req.k,
        perQuery: req.perQuery,
        backend: req.backend,
        signal,
        onProgress,
      });
      return { kind: 'eval', report: recordGuard(report, guard) };
    }
    const parallel = corpus.kind === 'qa' ? questionsAsParallel(corpus) : corpus;
    const report = await evaluateBitext(parallel, encoder, { langs: req.langs?.filter((l) => l !== req.pivot), pivot: req.pivot, matrix: req.matrix, signal, onProgress });
    return { kind: 'bitext', report };
  } finally {
    await encoder.dispose();
  }
}

function summarise(c: Corpus): CorpusSummary {
  const counts: Record<string, number> =
    c.kind === 'qa'
      ? { queries: c.queries.length, documents: c.docs.length }
      : { sentences: c.sets.reduce((n, s) => n + s.sentences.length, 0), sets: c.sets.length };
  return { name: c.name, path: c.path, format: c.format, kind: c.kind, languages: c.languages, counts };
}

/**
 * The last corpus read for `texts` jobs, indexed by unit id. Panels ask for a few texts at a time
 * (one ranked list per click), so the parse is kept until the files' sizes or times change.
 */
let textsCache: { key: string; stamp: string; index: Map<string, { text: string; source?: SourceRef }> } | undefined;

async function corpusTexts(req: Extract<JobRequest, { kind: 'texts' }>, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  const key = `${req.format ?? ''}|${req.data}`;
  const stamp = modificationStamp(req.data);
  if (textsCache?.key !== key || textsCache.stamp !== stamp) {
    textsCache = undefined;
    const corpus = await loadCorpus(req.data, { format: req.format, signal, onProgress });
    const units = corpus.kind === 'qa' ? [...corpus.queries, ...corpus.docs] : corpus.sets.flatMap((s) => s.sentences);
    const index = new Map<string, { text: string; source?: SourceRef }>();
    for (const u of units) index.set(u.id, { text: u.text, source: u.source });
    textsCache = { key, stamp, index };
  }
  const texts: Record<string, string> = {};
  const sources: Record<string, SourceRef> = {};
  for (const id of req.ids) {
    const unit = textsCache.index.get(id);
    if (!unit) continue;
    texts[id] = unit.text;
    if (unit.source) sources[id] = unit.source;
  }
  return { kind: 'texts', texts, sources };
}

/** Size and modification time of a file, or of each entry of a folder (loaders read one level). */
function modificationStamp(p: string): string {
  try {
    const st = statSync(p);
    if (!st.isDirectory()) return `${st.size}:${st.mtimeMs}`;
    return readdirSync(p)
      .map((name) => {
        const s = statSync(join(p, name));
        return `${name}:${s.size}:${s.mtimeMs}`;
      })
      .join('|');
  } catch {
    return 'unreadable'; // loadCorpus reports the problem as a UserError
  }
}

/** Vectors of the last projections, for `neighbours` jobs (bounded; oldest dropped first). */
const projections = new ProjectionStore();

async function project(req: Extract<JobRequest, { kind: 'project' }>, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  const corpus = await loadCorpus(req.data, { format: req.format, langs: req.langs, signal, onProgress });
  const encoder = await openEncoder(req.model, { cwd: req.cwd, signal, onProgress });
  try {
    const { langs, includePassages, maxPoints, seed, neighbors, minDist } = req;
    const p = await projectCorpus(corpus, encoder, { langs, includePassages, maxPoints, seed, neighbors, minDist, signal, onProgress });
    const projectionId = projections.add({ vectors: p.vectors, languages: p.languages, lang: p.lang });
    const points: ProjectionPoints = {
      run: req.run ?? { uri: '', label: `${corpus.name} · ${encoder.info.name}` },
      languages: p.languages,
      coords: p.coords.buffer as ArrayBuffer,
      lang: p.lang.buffer as ArrayBuffer,
      group: p.group.buffer as ArrayBuffer,
      texts: p.texts,
      kind: p.kind.buffer as ArrayBuffer,
      layout: { method: 'umap', neighbors: p.layout.neighbors, minDist: p.layout.minDist, seed: p.layout.seed, dim: p.layout.dim, ...(p.layout.knnRecall && { knnRecall: p.layout.knnRecall }) },
    };
    return { kind: 'project', points, projectionId, ids: p.ids };
  } finally {
    await encoder.dispose();
  }
}

/** Reads both run files and runs the paired tests here, so a large comparison never blocks the host. */
async function compareRuns(req: Extract<JobRequest, { kind: 'compare' }>, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  const read = async (file: string): Promise<Report> => {
    try {
      return JSON.parse(await fs.promises.readFile(file, 'utf8')) as Report;
    } catch (e) {
      throw new UserError(`cannot read this run: ${e instanceof Error ? e.message : String(e)}`, { file });
    }
  };
  const [a, b] = await Promise.all([read(req.a), read(req.b)]);
  const comparison = await compareReports(a, b, { method: req.method, samples: req.samples, seed: req.seed, correction: req.correction, names: req.names, signal, onProgress });
  return { kind: 'compare', comparison, models: { a: a.model.name, b: b.model.name } };
}

/** Compare's projections: one corpus, both models, one joint layout and the noise baseline. */
async function projectPairJob(req: Extract<JobRequest, { kind: 'projectPair' }>, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  const corpus = await loadCorpus(req.data, { format: req.format, langs: req.langs, signal, onProgress });
  const encA = await openEncoder(req.models.a, { cwd: req.cwd, signal, onProgress });
  try {
    const encB = await openEncoder(req.models.b, { cwd: req.cwd, signal, onProgress });
    try {
      const p = await projectPair(corpus, encA, encB, { langs: req.langs, includePassages: req.includePassages, maxPoints: req.maxPoints, signal, onProgress });
      const side = (coords: Float32Array, run: RunRef, seed: number, dim: number): ProjectionPoints => ({
        run,
        languages: p.languages,
        coords: coords.buffer as ArrayBuffer,
        lang: p.lang.slice().buffer as ArrayBuffer,
        group: p.group.slice().buffer as ArrayBuffer,
        texts: p.texts,
        kind: p.kind.slice().buffer as ArrayBuffer,
        layout: { method: 'umap', neighbors: p.layout.neighbors, minDist: p.layout.minDist, seed, dim },
      });
      const { layout }: ProjectedPair = p;
      return {
        kind: 'projectPair',
        a: side(p.a, req.runs.a, layout.seeds[0], layout.dims[0]),
        b: side(p.b, req.runs.b, layout.seeds[1], layout.dims[1]),
        displacement: p.displacement.buffer as ArrayBuffer,
        baseline: p.baseline.buffer as ArrayBuffer,
        layout: { method: layout.method, neighbors: layout.neighbors, minDist: layout.minDist, seeds: layout.seeds, lambda: layout.lambda, epochs: layout.epochs, summary: p.summary },
      };
    } finally {
      await encB.dispose();
    }
  } finally {
    await encA.dispose();
  }
}
