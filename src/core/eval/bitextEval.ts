import type { ParallelCorpus, Sentence } from '../data/corpus';
import type { Encoder } from '../encoders/encoder';
import { UserError, throwIfAborted } from '../errors';
import { alignment, languageSeparability, uniformity } from '../metrics/geometry';
import { rng } from '../metrics/stats';
import type { TaskOptions } from '../progress';
import { definitionsFor } from '../report/definitions';
import type { BitextMiss, BitextReport, MetricValues } from '../report/schema';
import { worstMisses } from './bitextMisses';
import { marginRescore, nearestNeighbours, type RetrievalBackend, type TopK } from '../retrieval';
import { selectRows, type Matrix } from '../vectors';
import { VERSION } from '../version';
import { macroAverage } from './aggregate';

export interface BitextOptions extends TaskOptions {
  /** Languages to mine against the pivot (default: every language of the corpus). */
  langs?: string[];
  pivot: string;
  backend?: RetrievalBackend;
  /** `pivot` (default): each language against the pivot; `all`: every pair of the languages (pivot included). */
  matrix?: 'pivot' | 'all';
}

/** Candidates per sentence for margin scoring (LASER mines among nearest neighbours). */
const MARGIN_CANDIDATES = 16;
/** Sentences per language used for language separability (a seeded sample keeps 205 languages fast). */
const SEPARABILITY_SAMPLE = 200;

interface Pair {
  name: string;
  /** Source language; the target is `tgtLang` (the pivot in pivot-centred pairs). */
  lang: string;
  tgtLang: string;
  src: Sentence[];
  tgt: Sentence[];
}

/** Bitext mining (SPEC §4) of every language against the pivot, plus alignment and geometry. */
export async function evaluateBitext(corpus: ParallelCorpus, encoder: Encoder, opts: BitextOptions): Promise<BitextReport> {
  const t0 = performance.now();
  const pairs = buildPairs(corpus, opts);

  // One encode call for every distinct sentence (symmetric task: role "query" for both sides).
  const texts = new Map<string, number>();
  for (const p of pairs) for (const s of [...p.src, ...p.tgt]) if (!texts.has(s.text)) texts.set(s.text, texts.size);
  const tEnc = performance.now();
  const vectors = await encoder.encode([...texts.keys()], {
    role: 'query',
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.({ ...p, phase: 'encoding sentences' }),
  });
  const encodeSeconds = (performance.now() - tEnc) / 1000;
  const rowsOf = (ss: Sentence[]): Matrix => selectRows(vectors, ss.map((s) => texts.get(s.text)!));

  const results: Record<string, MetricValues> = {};
  const byLanguage: Record<string, MetricValues> = {};
  const worst: Record<string, BitextMiss[]> = {};
  const pairLanguages: Record<string, { source: string; target: string }> = {};
  let backend = '';
  for (const [i, p] of pairs.entries()) {
    throwIfAborted(opts.signal);
    opts.onProgress?.({ phase: `mining ${p.name}`, done: i, total: pairs.length, unit: 'items' });
    const x = rowsOf(p.src);
    const y = rowsOf(p.tgt);
    const nn = await nearestNeighbours(x, y, { k: Math.min(MARGIN_CANDIDATES, x.rows, y.rows), backend: opts.backend, signal: opts.signal });
    backend = nn.backend;
    const fwd = top1Accuracy(nn.forward);
    const bwd = top1Accuracy(nn.backward);
    const v: MetricValues = {
      pairs: x.rows,
      BitextAcc: fwd,
      'BitextAcc.reverse': bwd,
      xsim: 1 - fwd,
      'xsim.reverse': 1 - bwd,
      'BitextAcc.margin': top1Accuracy(marginRescore(nn.forward, nn.backward)),
      'BitextAcc.margin.reverse': top1Accuracy(marginRescore(nn.backward, nn.forward)),
      Alignment: alignment(x, y),
    };
    results[p.name] = v;
    pairLanguages[p.name] = { source: p.lang, target: p.tgtLang };
    worst[p.name] = [...worstMisses(x, y, nn.forward, p.src, p.tgt, 'forward'), ...worstMisses(y, x, nn.backward, p.tgt, p.src, 'reverse')];
    if (p.tgtLang === opts.pivot) byLanguage[p.lang] = v;
  }
  opts.onProgress?.({ phase: 'geometry', done: 0, total: 1 });
  const overall: MetricValues = macroAverage(Object.values(results).map((v) => ({ ...v, queries: v.pairs })));
  overall.pairs = overall.queries;
  delete overall.queries;
  const geo = await geometry(pairs, rowsOf, opts.backend);
  Object.assign(overall, geo.values);

  const keys = new Set([...Object.keys(overall), 'BitextAcc.margin']);
  return {
    tool: 'xlens',
    version: VERSION,
    createdAt: new Date().toISOString(),
    kind: 'bitext',
    dataset: { name: corpus.name, path: corpus.path, format: corpus.format, languages: corpus.languages, skipped: corpus.skipped.length },
    model: { source: encoder.info.source, name: encoder.info.name, dim: encoder.info.dim, fingerprint: encoder.info.fingerprint, settings: encoder.info.settings, stats: encoder.stats() },
    definitions: {
      ...definitionsFor(keys),
      sampling: `Uniformity and LangSeparability use a seeded sample of up to ${SEPARABILITY_SAMPLE} sentences per language.${geo.note}`,
      retrieval: `Exact nearest neighbours (${backend}); margin candidates are the ${MARGIN_CANDIDATES} nearest by cosine.`,
      pairs:
        opts.matrix === 'all'
          ? `Every pair of the ${new Set(pairs.flatMap((p) => [p.lang, p.tgtLang])).size} languages (${pairs.length} pairs, both directions); overall is the macro average over all pairs, byLanguage holds the pairs with the pivot ${opts.pivot}.`
          : `Each language against the pivot ${opts.pivot} (${pairs.length} pairs, both directions); overall is their macro average.`,
      worst: 'Worst misses: per pair and direction, the sentences whose nearest neighbour is not their translation, by the largest cosine gap between that neighbour and the translation; rank = 1 + targets scoring strictly higher than the translation.',
    },
    pairs: results,
    byLanguage,
    overall,
    timings: { encode: +encodeSeconds.toFixed(3), total: +((performance.now() - t0) / 1000).toFixed(3) },
    notes: [],
    pivot: opts.pivot,
    matrix: opts.matrix ?? 'pivot',
    pairLanguages,
    worst,
  };
}

function top1Accuracy(t: TopK): number {
  const rows = t.k ? t.indices.length / t.k : 0;
  let hit = 0;
  for (let i = 0; i < rows; i++) if (t.indices[i * t.k] === i) hit++;
  return rows ? hit / rows : NaN;
}

/** Pairs (L, pivot) within each parallel set (every pair for `matrix: 'all'`), rows aligned by parallel key. */
function buildPairs(corpus: ParallelCorpus, opts: BitextOptions): Pair[] {
  const wanted = opts.langs ? new Set(opts.langs) : undefined;
  const pairs: Pair[] = [];
  for (const set of corpus.sets) {
    if (!set.languages.includes(opts.pivot)) continue;
    const byLang = new Map<string, Map<string, Sentence>>();
    for (const s of set.sentences) {
      if (!byLang.has(s.lang)) byLang.set(s.lang, new Map());
      byLang.get(s.lang)!.set(s.key, s);
    }
    const pair = (lang: string, target: string) => {
      const src: Sentence[] = [];
      const tgt: Sentence[] = [];
      const targets = byLang.get(target)!;
      for (const [key, s] of byLang.get(lang) ?? []) {
        const t = targets.get(key);
        if (t) (src.push(s), tgt.push(t));
      }
      if (src.length) pairs.push({ name: `${lang}-${target}`, lang, tgtLang: target, src, tgt });
    };
    const chosen = set.languages.filter((l) => l !== opts.pivot && (!wanted || wanted.has(l)));
    for (const lang of chosen) pair(lang, opts.pivot);
    if (opts.matrix === 'all')
      for (let i = 0; i < chosen.length; i++) for (let j = i + 1; j < chosen.length; j++) if (byLang.has(chosen[i]) && byLang.has(chosen[j])) pair(chosen[i], chosen[j]);
  }
  if (pairs.length === 0)
    throw new UserError(`no language pairs with the pivot ${opts.pivot} in ${corpus.name}${wanted ? ` for ${[...wanted].join(', ')}` : ''}`, { file: corpus.path });
  return pairs;
}

async function geometry(pairs: Pair[], rowsOf: (ss: Sentence[]) => Matrix, backend?: RetrievalBackend): Promise<{ values: MetricValues; note: string }> {
  // Every distinct sentence once, grouped by language; a seeded sample per language.
  const byLang = new Map<string, Sentence[]>();
  const seen = new Set<string>();
  for (const p of pairs)
    for (const s of [...p.src, ...p.tgt]) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      if (!byLang.has(s.lang)) byLang.set(s.lang, []);
      byLang.get(s.lang)!.push(s);
    }
  const r = rng(7);
  const sample: Sentence[] = [];
  const labels: number[] = [];
  [...byLang.keys()].forEach((lang, l) => {
    const ss = [...byLang.get(lang)!];
    for (let i = ss.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [ss[i], ss[j]] = [ss[j], ss[i]];
    }
    for (const s of ss.slice(0, SEPARABILITY_SAMPLE)) (sample.push(s), labels.push(l));
  });
  const m = rowsOf(sample);
  const out: MetricValues = { Uniformity: uniformity(m) };
  let note = '';
  if (byLang.size > 1) {
    const sep = await languageSeparability(m, labels, byLang.size, { backend });
    out.LangSeparability = sep.accuracy;
    if (sep.classified < m.rows) {
      note = ` With ${byLang.size} languages, LangSeparability classifies a seeded sample of ${sep.classified} of these ${m.rows} sentences (the class means use all of them), so that its cost does not grow with sentences × languages.`;
    }
  }
  return { values: out, note };
}
