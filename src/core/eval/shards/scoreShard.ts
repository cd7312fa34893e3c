import type { QACorpus } from '../../data/corpus';
import { corpusFingerprint } from '../../data/fingerprint';
import type { Encoder } from '../../encoders/encoder';
import { throwIfAborted } from '../../errors';
import { scoreBlocks } from '../../retrieval';
import { TopKSelector } from '../../retrieval/topk';
import { buildScenario } from '../../scenarios/build';
import type { RetrievalTask } from '../../scenarios/types';
import { selectRows } from '../../vectors';
import { encodeUnits, taskLabels, type Encoded, type EvaluateOptions } from '../evaluate';
import { PARTIAL_FORMAT, PARTIAL_VERSION, type PartialQuery, type PartialReport, type PartialTask } from './partial';
import { shardRange, type ShardSpec } from './shardSpec';

/**
 * Score one shard of every pool of a scenario (SPEC §1 counts, see PartialReport): encodes the
 * queries, this shard's documents and the relevant documents other shards hold (their scores are
 * the thresholds), scores them in one block per query group, and counts. Pool-wide geometry
 * (Uniformity, LangSeparability, Alignment) is not computed here: it needs every vector at once.
 */
export async function scoreShard(corpus: QACorpus, encoder: Encoder, opts: EvaluateOptions, shard: ShardSpec): Promise<Omit<PartialReport, 'eval'>> {
  const t0 = performance.now();
  const built = buildScenario(corpus, opts);
  const k = Math.max(opts.topN ?? 10, ...opts.k);
  const ranges = new Map(built.tasks.map((tk) => [tk.id, shardRange(tk.docs.length, shard)]));
  const needed = (tk: RetrievalTask) => {
    const [lo, hi] = ranges.get(tk.id)!;
    const outside = [...new Set(tk.relevant.flatMap((r) => Array.from(r).filter((p) => p < lo || p >= hi)))].sort((a, b) => a - b);
    return { lo, hi, outside };
  };
  const queryUnits = [...new Set(built.tasks.flatMap((tk) => tk.queries))];
  const docUnits = new Set<number>();
  for (const tk of built.tasks) {
    const { lo, hi, outside } = needed(tk);
    for (let p = lo; p < hi; p++) docUnits.add(tk.docs[p]);
    for (const p of outside) docUnits.add(tk.docs[p]);
  }
  const queries = await encodeUnits(encoder, queryUnits, (i) => corpus.queries[i].text, 'query', opts);
  const docs = await encodeUnits(encoder, [...docUnits], (i) => corpus.docs[i].text, 'passage', opts);
  const encodeSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  let backend = '';
  const tasks: PartialTask[] = [];
  for (const [ti, task] of built.tasks.entries()) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: `scoring shard ${shard.index}/${shard.count} of ${task.id}`, done: ti, total: built.tasks.length, unit: 'items' });
    const { result, backend: used } = await scoreTask(corpus, task, needed(task), queries, docs, k, opts);
    backend = used;
    tasks.push(result);
  }
  return {
    format: PARTIAL_FORMAT,
    version: PARTIAL_VERSION,
    shard,
    corpusFingerprint: corpusFingerprint(corpus),
    model: { ...modelOf(encoder) },
    backend,
    k,
    tasks,
    timings: { encode: +encodeSeconds.toFixed(3), score: +((performance.now() - t1) / 1000).toFixed(3) },
  };
}

function modelOf(encoder: Encoder): PartialReport['model'] {
  const e = encoder.info;
  return { source: e.source, name: e.name, dim: e.dim, fingerprint: e.fingerprint, settings: e.settings, stats: encoder.stats() };
}

async function scoreTask(
  corpus: QACorpus,
  task: RetrievalTask,
  part: { lo: number; hi: number; outside: number[] },
  queries: Encoded,
  docs: Encoded,
  k: number,
  opts: EvaluateOptions,
): Promise<{ result: PartialTask; backend: string }> {
  const { lo, hi, outside } = part;
  const ns = hi - lo;
  const { labels, count: L } = taskLabels(corpus, task);
  // Columns: this shard's documents in pool order, then the outside relevant ones.
  const cols = [...Array.from({ length: ns }, (_, j) => task.docs[lo + j]), ...outside.map((p) => task.docs[p])];
  const colOfOutside = new Map(outside.map((p, c) => [p, ns + c]));
  const colOf = (p: number) => (p >= lo && p < hi ? p - lo : colOfOutside.get(p)!);
  const D = selectRows(docs.vectors, cols.map((u) => docs.rowOf.get(u)!));
  const Q = selectRows(queries.vectors, task.queries.map((u) => queries.rowOf.get(u)!));
  const kk = Math.min(k, ns);
  const selector = kk > 0 ? new TopKSelector(kk) : undefined;
  const topIdx = new Int32Array(kk);
  const topScore = new Float32Array(kk);
  const out: PartialQuery[] = new Array(task.queries.length);
  const shardLabels = labels.subarray(lo, hi);
  const backend = await scoreBlocks(Q, D, { backend: opts.backend, signal: opts.signal }, (first, count, block) => {
    const width = cols.length;
    for (let qi = 0; qi < count; qi++) {
      const i = first + qi;
      const off = qi * width;
      selector?.select(block, off, ns, topIdx, topScore, 0);
      const relevant = Array.from(task.relevant[i], (p) => {
        const s = block[off + colOf(p)];
        return { score: s, above: countAbove(block, off, ns, lo, shardLabels, L, s, p) };
      });
      out[i] = { top: { pos: Array.from(topIdx, (j) => lo + j), score: Array.from(topScore) }, relevant };
    }
  });
  // Tasks with no query: nothing was scored.
  for (let i = 0; i < out.length; i++) out[i] ??= { top: { pos: [], score: [] }, relevant: [] };
  return { result: { id: task.id, poolSize: task.docs.length, range: [lo, hi], queries: out }, backend };
}

/**
 * Per label, the shard documents (pool positions lo + j) that rank above relevant document p of
 * score s: a higher score, or the same score and a lower pool position (p itself never counts).
 */
function countAbove(row: Float32Array, off: number, ns: number, lo: number, labels: Uint16Array, L: number, s: number, p: number): number[] {
  const above = new Array<number>(L).fill(0);
  // Ties rank above p exactly for the positions before p: j < p - lo within this shard.
  const tieLimit = Math.max(0, Math.min(ns, p - lo));
  for (let j = 0; j < ns; j++) {
    const x = row[off + j];
    if (x > s || (x === s && j < tieLimit)) above[labels[j]]++;
  }
  return above;
}
