import type { QACorpus } from '../data/corpus';
import { corpusFingerprint } from '../data/fingerprint';
import type { Encoder } from '../encoders/encoder';
import { throwIfAborted } from '../errors';
import { alignment, languageSeparability, uniformity } from '../metrics/geometry';
import { completeKs } from '../metrics/ranking';
import type { TaskOptions } from '../progress';
import { definitionsFor } from '../report/definitions';
import type { LanguageResult, MetricValues, PerQueryRecord, Report } from '../report/schema';
import { search, type RetrievalBackend } from '../retrieval';
import { buildScenario } from '../scenarios/build';
import type { RetrievalTask, ScenarioOptions } from '../scenarios/types';
import { selectRows, type Matrix } from '../vectors';
import { VERSION } from '../version';
import { aggregateQueries, macroAverage, medianMaxRank } from './aggregate';
import { hasRelevant, scoreQuery } from './queryMetrics';
import { RowIndex } from './rowIndex';

export interface EvaluateOptions extends ScenarioOptions, TaskOptions {
  /** Cut-offs for Recall/Success/MRR/nDCG/LangShare. */
  k: number[];
  /** Keep per-query records (ranks, top documents) in the report. */
  perQuery?: boolean;
  /** How many top documents each per-query record lists (default 10). */
  topN?: number;
  backend?: RetrievalBackend;
  /** Include query texts in per-query records (default true). */
  includeText?: boolean;
  /**
   * English inclination without parallel documents (SPEC §3), for mixed-language pools: the pivot
   * language. Each task's pool languages label its documents; a query in L ≠ pivot gets EIR
   * against the pivot when it has a relevant document in L (else it counts in EIR.excluded), and
   * every query gets the top-1 decomposition. The bilingual scenario keeps its parallel EIR/SIR.
   * Default: on for `as-given` (retrieval datasets have no parallel documents) with `pivot`.
   */
  inclinationWithoutParallel?: { pivot: string };
}

/** Vectors for a subset of a corpus's units, with the row of each unit index. */
export interface Encoded {
  vectors: Matrix;
  rowOf: RowIndex;
}

/**
 * Run one scenario of SPEC §2 over a parallel QA corpus and score it with every metric of §3–4.
 * Encodes each needed text once, searches each task exactly, and aggregates per query language.
 */
export async function evaluate(corpus: QACorpus, encoder: Encoder, opts: EvaluateOptions): Promise<Report> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = +((performance.now() - since) / 1000).toFixed(3));
  const built = buildScenario(corpus, opts);
  const tasks = built.tasks;
  const searchK = Math.max(opts.topN ?? 10, ...opts.k);
  const langsPresent = new Set(corpus.languages.map((l) => l.code));
  const alignPivot = langsPresent.has(opts.pivot) ? opts.pivot : undefined;
  lap('scenario', t0);

  // Encode every text the tasks (and the alignment figure) need, once per role, into one matrix
  // (queries, then documents): the geometry figures take every row, and a concatenation would be
  // a second copy of the pool.
  let t = performance.now();
  const queryIdx = unique(tasks.flatMap((tk) => tk.queries));
  if (alignPivot) corpus.queries.forEach((q, i) => q.lang === alignPivot && queryIdx.push(i));
  const queryUnits = unique(queryIdx);
  const docUnits = uniqueUnits(tasks.map((tk) => tk.docs), corpus.docs.length);
  const dim = encoder.info.dim;
  const both = new Float32Array((queryUnits.length + docUnits.length) * dim);
  const queries = await encodeUnits(encoder, queryUnits, (i) => corpus.queries[i].text, 'query', opts, both.subarray(0, queryUnits.length * dim));
  const docs = await encodeUnits(encoder, docUnits, (i) => corpus.docs[i].text, 'passage', opts, both.subarray(queryUnits.length * dim));
  lap('encode', t);

  t = performance.now();
  const rankings = new Map<string, TaskRanking>();
  let backendUsed = '';
  for (const [ti, task] of tasks.entries()) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: `searching ${task.id}`, done: ti, total: tasks.length, unit: 'items' });
    const res = await search(rows(queries, task.queries), rows(docs, task.docs), {
      k: searchK,
      relevant: task.relevant,
      docLabels: taskLabels(corpus, task),
      backend: opts.backend,
      signal: opts.signal,
    });
    backendUsed = res.backend;
    rankings.set(task.id, { k: res.k, indices: res.indices, scores: res.scores, relevantRanks: res.relevantRanks!, aboveByLabel: res.aboveByLabel! });
  }
  lap('search', t);

  t = performance.now();
  opts.onProgress?.({ phase: 'geometry figures', done: 0 });
  const inBoth = (m: Matrix) => m.data.buffer === both.buffer;
  const all = inBoth(queries.vectors) && inBoth(docs.vectors) ? { rows: queryUnits.length + docUnits.length, dim, data: both } : concatRows(queries.vectors, docs.vectors);
  const geometry = await geometryFigures(corpus, queries, docs, all, alignPivot, opts.langs, opts.backend);
  lap('geometry', t);
  const enc = encoder.info;
  opts.onProgress?.({ phase: 'scoring queries', done: 0 });
  const report = assembleReport(corpus, built, rankings, opts, {
    model: { source: enc.source, name: enc.name, dim: enc.dim, fingerprint: enc.fingerprint, settings: enc.settings, stats: encoder.stats() },
    retrieval: { backend: backendUsed, exact: true },
    geometry,
    timings,
  });
  lap('total', t0);
  return report;
}

/**
 * What the metrics need from retrieval for one task: the top-k (pool positions and scores, best
 * first) and, per query, the exact 1-based rank of each relevant document (SPEC §1) and how many
 * documents of each pool language rank above it (`aboveByLabel[i][r * L + l]`). From search(),
 * or added up over the shards of a pool (eval/shards).
 */
export interface TaskRanking {
  k: number;
  indices: Int32Array;
  scores: Float32Array;
  relevantRanks: Int32Array[];
  aboveByLabel: Int32Array[];
}

/** The documents of a task's pool labelled by their language's index in `task.poolLangs`. */
export function taskLabels(corpus: QACorpus, task: RetrievalTask): { labels: Uint16Array; count: number } {
  return { labels: Uint16Array.from(task.docs, (d) => task.poolLangs.indexOf(corpus.docs[d].lang)), count: task.poolLangs.length };
}

export interface ReportParts {
  model: Report['model'];
  retrieval: Report['retrieval'];
  /** Pool-wide geometry (needs every vector in one place): absent for a merge of shards. */
  geometry?: { alignment: Record<string, number>; overall: MetricValues; notes: string[] };
  timings: Record<string, number>;
  notes?: string[];
}

/**
 * The report of a scenario from its tasks' rankings: every per-query metric (SPEC §3–4), the
 * per-language and overall figures. Shared by evaluate() and the merge of shard partials, so a
 * sharded run is scored by the very code of an unsharded one.
 */
export function assembleReport(corpus: QACorpus, built: ReturnType<typeof buildScenario>, rankings: ReadonlyMap<string, TaskRanking>, opts: EvaluateOptions, parts: ReportParts): Report {
  const tasks = built.tasks;
  const topN = opts.topN ?? 10;
  const { timings } = parts;
  const t = performance.now();
  // A loop, not Math.max(...): cross has 144 tasks × 1,190 queries, too many arguments for a spread.
  let maxRelevant = 0;
  for (const tk of tasks) tk.relevant.forEach((r, i) => (maxRelevant = Math.max(maxRelevant, r.length + (tk.missing?.[i]?.length ?? 0))));
  const ctK = completeKs(maxRelevant);
  const perTask = new Map<string, Array<MetricValues | undefined>>();
  const records: PerQueryRecord[] = [];
  const noRelevant: string[] = [];
  for (const task of tasks) {
    const res = rankings.get(task.id);
    if (!res) throw new Error(`assembleReport: no ranking for task ${task.id}`);
    const { labels } = taskLabels(corpus, task);
    const L = task.poolLangs.length;
    const inclination =
      opts.scenario === 'bilingual' ? { own: 0, pivot: task.poolLangs.indexOf(opts.pivot) } : undefined;
    const npPivot = opts.inclinationWithoutParallel?.pivot ?? (opts.scenario === 'as-given' ? opts.pivot : undefined);
    const withoutParallel = npPivot !== undefined ? { pivot: task.poolLangs.indexOf(npPivot) } : undefined;
    const scored = task.queries.map((qi, i) => {
      const relIdx = task.relevant[i];
      const ranks = res.relevantRanks[i];
      const above = res.aboveByLabel[i];
      const relevant = Array.from(relIdx, (p, r) => ({ rank: ranks[r], label: labels[p], above: above.subarray(r * L, (r + 1) * L) }));
      const missing = task.missing?.[i];
      if (!hasRelevant({ relevant, missing })) {
        noRelevant.push(corpus.queries[qi].id);
        return undefined;
      }
      const top = res.indices.subarray(i * res.k, (i + 1) * res.k);
      const metrics = scoreQuery(
        {
          relevant,
          grades: task.grades?.[i],
          missing,
          topLabels: Array.from(top, (p) => labels[p]),
          poolSize: task.docs.length,
          censorAt: task.docs.length + 1,
          queryLabel: task.poolLangs.indexOf(corpus.queries[qi].lang),
        },
        { ks: opts.k, completeKs: ctK, poolLangs: task.poolLangs, inclination, inclinationWithoutParallel: withoutParallel && withoutParallel.pivot >= 0 ? withoutParallel : undefined },
      );
      if (opts.perQuery) records.push(queryRecord(corpus, task, qi, relIdx, ranks, top, res.scores.subarray(i * res.k, (i + 1) * res.k), metrics, topN, opts.includeText ?? true));
      return metrics;
    });
    perTask.set(task.id, scored);
  }

  const { byLanguage, matrix, scoredQueries } = aggregate(tasks, perTask, corpus, opts);
  const poolShares = poolShareOf(tasks, corpus);
  for (const [lang, shares] of poolShares) Object.assign(byLanguage[lang] ?? {}, shares);
  const geometry = parts.geometry;
  if (geometry) for (const [lang, a] of Object.entries(geometry.alignment)) if (byLanguage[lang]) byLanguage[lang].Alignment = a;
  const overall = macroAverage(Object.values(byLanguage));
  // A median does not average: over all queries the languages are made of (SPEC §3).
  if (overall['Max@R.median'] !== undefined) overall['Max@R.median'] = medianMaxRank(scoredQueries);
  if (geometry) Object.assign(overall, geometry.overall);
  timings.metrics = +((performance.now() - t) / 1000).toFixed(3);

  const metricKeys = new Set([...Object.keys(overall), ...Object.values(byLanguage).flatMap((r) => Object.keys(r))]);
  return {
    tool: 'xlens',
    version: VERSION,
    createdAt: new Date().toISOString(),
    dataset: {
      name: corpus.name,
      path: corpus.path,
      format: corpus.format,
      unit: corpus.unit,
      languages: corpus.languages,
      queries: corpus.queries.length,
      documents: corpus.docs.length,
      skipped: corpus.skipped.length,
      fingerprint: corpusFingerprint(corpus),
    },
    model: parts.model,
    scenario: opts.scenario,
    languages: opts.langs,
    pivot: opts.scenario === 'bilingual' ? opts.pivot : undefined,
    k: opts.k,
    completeK: ctK,
    pools: Object.fromEntries(tasks.map((tk) => [tk.id, tk.docs.length])),
    retrieval: parts.retrieval,
    definitions: definitionsFor(metricKeys, [opts.scenario, ...(noRelevant.length ? ['excluded'] : [])]),
    byLanguage,
    overall,
    matrix,
    judgements: built.judgements,
    pool: built.pool,
    perQuery: opts.perQuery ? records : undefined,
    timings,
    notes: [
      ...(corpus.skipped.length ? [`${corpus.skipped.length} input record(s) were skipped while loading (see the CLI output).`] : []),
      ...built.notes,
      ...(geometry?.notes ?? []),
      ...(parts.notes ?? []),
      ...(noRelevant.length ? [excludedNote(noRelevant)] : []),
    ],
  };
}

/** SPEC §3: a query without any relevant document is excluded from every metric, counted and listed. */
function excludedNote(ids: string[]): string {
  const shown = ids.slice(0, 10).join(', ');
  return `${ids.length} quer${ids.length === 1 ? 'y has' : 'ies have'} no relevant document (e.g. every judgement grade 0) and ${ids.length === 1 ? 'is' : 'are'} excluded from every metric: ${shown}${ids.length > 10 ? ', …' : ''}`;
}

/**
 * Per-language figures. Also returns every per-query value they are made of, for the medians:
 * `Max@R.median` is the median over the queries, never a mean of medians.
 */
function aggregate(tasks: RetrievalTask[], perTask: Map<string, Array<MetricValues | undefined>>, corpus: QACorpus, opts: EvaluateOptions) {
  const byLanguage: Record<string, LanguageResult> = {};
  const scoredQueries: MetricValues[] = [];
  const scoredOf = (task: RetrievalTask, keep: (qi: number) => boolean = () => true) =>
    perTask.get(task.id)!.filter((v, i): v is MetricValues => v !== undefined && keep(task.queries[i]));
  if (opts.scenario === 'cross') {
    const matrix: Record<string, Record<string, LanguageResult>> = {};
    const perQueryOf = new Map<string, Map<string, MetricValues[]>>();
    for (const task of tasks) {
      const L = task.queryLangs[0];
      const scored = scoredOf(task);
      (matrix[L] ??= {})[task.docLang!] = aggregateQueries(scored);
      if (!perQueryOf.has(L)) perQueryOf.set(L, new Map());
      perQueryOf.get(L)!.set(task.docLang!, scored);
    }
    for (const L of Object.keys(matrix)) {
      const offDiagonal = Object.keys(matrix[L]).filter((M) => M !== L);
      const used = offDiagonal.length ? offDiagonal : Object.keys(matrix[L]);
      const cells = used.map((M) => matrix[L][M]);
      const values = used.flatMap((M) => perQueryOf.get(L)!.get(M)!);
      byLanguage[L] = { ...macroAverage(cells), queries: cells[0].queries };
      if (byLanguage[L]['Max@R.median'] !== undefined) byLanguage[L]['Max@R.median'] = medianMaxRank(values);
      scoredQueries.push(...values);
    }
    return { byLanguage, matrix, scoredQueries };
  }
  for (const task of tasks) {
    for (const L of task.queryLangs) {
      const mine = scoredOf(task, (qi) => corpus.queries[qi].lang === L);
      byLanguage[L] = aggregateQueries(mine);
      scoredQueries.push(...mine);
    }
  }
  return { byLanguage, matrix: undefined, scoredQueries };
}

/** PoolShare.<lang> per query language: the share of its pool each language makes up. */
function poolShareOf(tasks: RetrievalTask[], corpus: QACorpus): Map<string, MetricValues> {
  const out = new Map<string, MetricValues>();
  for (const task of tasks) {
    if (task.poolLangs.length < 2) continue;
    const counts = new Map<string, number>();
    for (const d of task.docs) counts.set(corpus.docs[d].lang, (counts.get(corpus.docs[d].lang) ?? 0) + 1);
    const shares: MetricValues = {};
    for (const l of task.poolLangs) shares[`PoolShare.${l}`] = (counts.get(l) ?? 0) / task.docs.length;
    for (const L of task.queryLangs) out.set(L, shares);
  }
  return out;
}

/** `all`: the rows of `queries` then those of `docs`, in one matrix. */
async function geometryFigures(corpus: QACorpus, queries: Encoded, docs: Encoded, all: Matrix, pivot: string | undefined, langs: string[], backend?: RetrievalBackend) {
  const notes: string[] = [];
  const alignmentByLang: Record<string, number> = {};
  if (pivot) {
    const pivotRow = new Map<string, number>();
    for (const [qi, r] of queries.rowOf) if (corpus.queries[qi].lang === pivot) pivotRow.set(corpus.queries[qi].key, r);
    for (const L of langs) {
      if (L === pivot) continue;
      const a: number[] = [];
      const b: number[] = [];
      for (const [qi, r] of queries.rowOf) {
        const q = corpus.queries[qi];
        const p = q.lang === L ? pivotRow.get(q.key) : undefined;
        if (p !== undefined) (a.push(r), b.push(p));
      }
      if (a.length) alignmentByLang[L] = alignment(selectRows(queries.vectors, a), selectRows(queries.vectors, b));
    }
  }
  const overall: MetricValues = {};
  overall.Uniformity = uniformity(all);
  // Each row's language, numbered in order of first appearance (rowOf keys are in row order).
  const index = new Map<string, number>();
  const labels = new Int32Array(all.rows);
  const label = (lang: string) => index.get(lang) ?? index.set(lang, index.size).size - 1;
  let row = 0;
  for (const i of queries.rowOf.keys()) labels[row++] = label(corpus.queries[i].lang);
  for (const i of docs.rowOf.keys()) labels[row++] = label(corpus.docs[i].lang);
  if (index.size > 1) {
    const sep = await languageSeparability(all, labels, index.size, { backend });
    overall.LangSeparability = sep.accuracy;
    if (sep.classified < all.rows) {
      notes.push(`LangSeparability classifies a seeded sample of ${sep.classified} of the ${all.rows} embedded texts (the class means use all of them), so that its cost does not grow with texts × languages.`);
    }
  }
  return { alignment: alignmentByLang, overall, notes };
}

/**
 * `into` (optional, `idx.length × encoder.info.dim` values): where the vectors go; the encoder may
 * write them there itself (precomputed tables do), else they are copied there.
 */
export async function encodeUnits(encoder: Encoder, idx: number[], text: (i: number) => string, role: 'query' | 'passage', opts: TaskOptions, into?: Float32Array): Promise<Encoded> {
  let vectors = await encoder.encode(
    idx.map(text),
    { role, signal: opts.signal, onProgress: (p) => opts.onProgress?.({ ...p, phase: `encoding ${role === 'query' ? 'queries' : 'passages'}` }), into },
  );
  if (into && vectors.data !== into && vectors.data.length === into.length) {
    into.set(vectors.data);
    vectors = { rows: vectors.rows, dim: vectors.dim, data: into };
  }
  return { vectors, rowOf: new RowIndex(idx) };
}

/** The rows of units `idx`: a view when they are consecutive rows (a task's whole pool usually is), else a copy. */
export function rows(enc: Encoded, idx: number[]): Matrix {
  const { dim, data } = enc.vectors;
  const r0 = idx.length > 0 ? enc.rowOf.get(idx[0])! : 0;
  let consecutive = true;
  for (let i = 1; i < idx.length && consecutive; i++) consecutive = enc.rowOf.get(idx[i]) === r0 + i;
  if (idx.length > 0 && consecutive) return { rows: idx.length, dim, data: data.subarray(r0 * dim, (r0 + idx.length) * dim) };
  return selectRows(enc.vectors, idx.map((i) => enc.rowOf.get(i)!));
}

/** The distinct units of `lists` (indices < size) in order of first appearance, without a Set of every unit. */
function uniqueUnits(lists: ArrayLike<number>[], size: number): number[] {
  const seen = new Uint8Array(size);
  const out: number[] = [];
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const u = list[i];
      if (!seen[u]) {
        seen[u] = 1;
        out.push(u);
      }
    }
  }
  return out;
}

function concatRows(a: Matrix, b: Matrix): Matrix {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, dim: a.dim, data };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function queryRecord(
  corpus: QACorpus,
  task: RetrievalTask,
  qi: number,
  relPositions: Int32Array,
  relRanks: Int32Array,
  top: Int32Array,
  scores: Float32Array,
  metrics: MetricValues,
  topN: number,
  includeText: boolean,
): PerQueryRecord {
  const q = corpus.queries[qi];
  const doc = (p: number) => corpus.docs[task.docs[p]];
  return {
    id: q.id,
    key: q.key,
    lang: q.lang,
    task: task.id,
    text: includeText ? q.text : undefined,
    relevant: Array.from(relPositions, (p, r) => ({ doc: doc(p).id, lang: doc(p).lang, rank: relRanks[r] })),
    top: Array.from(top.subarray(0, topN), (p, j) => ({ doc: doc(p).id, lang: doc(p).lang, score: +scores[j].toFixed(6) })),
    metrics,
  };
}
