import { languageDisplay, type LanguageDisplay } from '../data/languageNames';
import type { BitextMiss, BitextReport } from './schema';

/** One direction of one mined pair: `source` sentences searched among `target` sentences. */
export interface BitextCell {
  /** Key of the pair in `report.pairs` (both directions share it). */
  pair: string;
  source: string;
  target: string;
  /** Top-1 accuracy (NaN when the pair has no sentences: never ranked, shown as "–"). */
  accuracy: number;
  /** Same with ratio-margin scoring. */
  margin?: number;
  sentences: number;
}

/** A language's mean accuracy as the source and as the target of the mined directions. */
export interface BitextLanguageBar {
  code: string;
  asSource: number;
  asTarget: number;
  /** Directions averaged (mined pairs with this language on that side). */
  sourceCount: number;
  targetCount: number;
}

export interface BitextMissRow extends BitextMiss {
  pair: string;
  /** Language the sentence was searched in. */
  targetLang: string;
}

/** What the Bitext panel shows and exports: derived from the report alone. */
export interface BitextFigures {
  pivot: string;
  matrix: 'pivot' | 'all';
  /** Every language of a mined pair, in the corpus's order. */
  languages: LanguageDisplay[];
  cells: BitextCell[];
  bars: BitextLanguageBar[];
  /** Worst first: highest rank of the translation, then largest cosine gap. */
  misses: BitextMissRow[];
  /** Misses the report holds in all (the panel lists at most MAX_MISSES). */
  missesTotal: number;
  /** One sentence saying which pairs were mined. */
  note: string;
}

const MAX_MISSES = 200;

/** Source and target of a pair key; older reports lack `pairLanguages` and name pairs `L-pivot`. */
export function pairLanguagesOf(r: BitextReport, key: string): { source: string; target: string } {
  const known = r.pairLanguages?.[key];
  if (known) return known;
  const source = Object.keys(r.byLanguage).find((l) => key.startsWith(`${l}-`)) ?? key.split('-')[0];
  return { source, target: key.slice(source.length + 1) };
}

export function bitextFigures(r: BitextReport): BitextFigures {
  const cells: BitextCell[] = [];
  const used = new Set<string>();
  for (const [pair, v] of Object.entries(r.pairs)) {
    const { source, target } = pairLanguagesOf(r, pair);
    used.add(source).add(target);
    cells.push({ pair, source, target, accuracy: v.BitextAcc ?? NaN, margin: v['BitextAcc.margin'], sentences: v.pairs ?? 0 });
    cells.push({ pair, source: target, target: source, accuracy: v['BitextAcc.reverse'] ?? NaN, margin: v['BitextAcc.margin.reverse'], sentences: v.pairs ?? 0 });
  }
  const labels = new Map(r.dataset.languages.map((l) => [l.code, l.label]));
  const order = [...r.dataset.languages.map((l) => l.code).filter((c) => used.has(c)), ...[...used].filter((c) => !labels.has(c))];
  const languages = order.map((c) => languageDisplay(c, labels.get(c) ?? c));

  const bars = order.map((code) => {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    const src = cells.filter((c) => c.source === code && Number.isFinite(c.accuracy)).map((c) => c.accuracy);
    const tgt = cells.filter((c) => c.target === code && Number.isFinite(c.accuracy)).map((c) => c.accuracy);
    return { code, asSource: mean(src), asTarget: mean(tgt), sourceCount: src.length, targetCount: tgt.length };
  });

  const all: BitextMissRow[] = [];
  for (const [pair, misses] of Object.entries(r.worst ?? {})) {
    const { source, target } = pairLanguagesOf(r, pair);
    for (const m of misses) all.push({ ...m, pair, targetLang: m.direction === 'forward' ? target : source });
  }
  all.sort((a, b) => b.rank - a.rank || b.neighbour.score - b.translation.score - (a.neighbour.score - a.translation.score) || a.pair.localeCompare(b.pair));

  const pivot = r.pivot ?? (Object.keys(r.pairs)[0] ? pairLanguagesOf(r, Object.keys(r.pairs)[0]).target : '');
  const matrix = r.matrix ?? 'pivot';
  const n = languages.length;
  const pivotName = languages.find((l) => l.code === pivot)?.label ?? pivot;
  const note =
    matrix === 'all'
      ? `All ${Object.keys(r.pairs).length} pairs of ${n} languages, both directions.`
      : `Pivot-centred: each of ${n - 1} languages against ${pivotName}, both directions (not the full ${n}×${n} matrix, which would take ${((n * (n - 1)) / 2).toLocaleString('en')} pair searches).`;
  return { pivot, matrix, languages, cells, bars, misses: all.slice(0, MAX_MISSES), missesTotal: all.length, note };
}
