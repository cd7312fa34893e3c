import type { Corpus } from '../data/corpus';
import { filterLanguages } from '../data/views';
import type { TextRole } from '../encoders/encoder';
import { rng } from '../metrics/stats';

/**
 * Which units a projection shows. A QA corpus gives its questions in the chosen languages
 * (translations share the question key) and, with `includePassages`, its passages (translations
 * share the passage group; XQuAD-R sentences are not parallel, so each is its own group). A
 * parallel corpus gives its sentences (translations share set and key). Over `maxPoints`, whole
 * parallel groups are drawn in a seeded order until the cap is reached, so translations stay
 * together; kept points stay in corpus order.
 */
export interface SelectOptions {
  /** Languages to show (user or canonical codes); default every language of the corpus. */
  langs?: string[];
  /** QA corpora: show passages (or XQuAD-R sentences) besides the questions. */
  includePassages?: boolean;
  /** Cap on the number of points (default 20,000). */
  maxPoints?: number;
  seed?: number;
}

export const DEFAULT_MAX_POINTS = 20_000;

export interface PointSelection {
  /** Canonical language codes; `lang[i]` indexes this list. */
  languages: string[];
  /** Corpus ids of the units (query, doc or sentence ids), unique. */
  ids: string[];
  texts: string[];
  lang: Uint16Array;
  /** Parallel group, numbered 0.. in order of first appearance among the kept points. */
  group: Uint32Array;
  /** 0 = query, 1 = document (passage, sentence). */
  kind: Uint8Array;
  /** Encoder role per point: questions and parallel sentences `query`, passages `passage`. */
  role: TextRole[];
  /** Points before the cap. */
  available: number;
}

interface Unit {
  id: string;
  text: string;
  lang: string;
  group: string;
  kind: 0 | 1;
  role: TextRole;
}

export function selectPoints(corpus: Corpus, opts: SelectOptions = {}): PointSelection {
  const c = opts.langs ? filterLanguages(corpus, opts.langs) : corpus;
  const units: Unit[] = [];
  if (c.kind === 'qa') {
    for (const q of c.queries) units.push({ id: q.id, text: q.text, lang: q.lang, group: `q\u0000${q.key}`, kind: 0, role: 'query' });
    if (opts.includePassages) {
      for (const d of c.docs) {
        const group = c.unit === 'passage' ? `p\u0000${d.group}` : `s\u0000${d.id}`;
        units.push({ id: d.id, text: d.text, lang: d.lang, group, kind: 1, role: 'passage' });
      }
    }
  } else {
    // Sentence ids are unique within a set; several sets (Tatoeba pairs) get the set name in front.
    const prefix = (set: string) => (c.sets.length > 1 ? `${set}/` : '');
    for (const s of c.sets) {
      for (const x of s.sentences) units.push({ id: `${prefix(s.name)}${x.id}`, text: x.text, lang: x.lang, group: `${s.name}\u0000${x.key}`, kind: 1, role: 'query' });
    }
  }
  const kept = cap(units, opts.maxPoints ?? DEFAULT_MAX_POINTS, opts.seed ?? 42);

  const present = new Set(kept.map((u) => u.lang));
  const languages = c.languages.map((l) => l.code).filter((code) => present.has(code));
  const langIndex = new Map(languages.map((code, i) => [code, i]));
  const groupIndex = new Map<string, number>();
  const n = kept.length;
  const out: PointSelection = {
    languages,
    ids: kept.map((u) => u.id),
    texts: kept.map((u) => u.text),
    lang: new Uint16Array(n),
    group: new Uint32Array(n),
    kind: new Uint8Array(n),
    role: kept.map((u) => u.role),
    available: units.length,
  };
  kept.forEach((u, i) => {
    out.lang[i] = langIndex.get(u.lang)!;
    let g = groupIndex.get(u.group);
    if (g === undefined) groupIndex.set(u.group, (g = groupIndex.size));
    out.group[i] = g;
    out.kind[i] = u.kind;
  });
  return out;
}

/** Whole groups in a seeded order while they fit under `max`; kept units in their original order. */
function cap(units: Unit[], max: number, seed: number): Unit[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxPoints must be a positive integer, got ${max}`);
  if (units.length <= max) return units;
  const members = new Map<string, number[]>();
  units.forEach((u, i) => {
    const m = members.get(u.group);
    if (m) m.push(i);
    else members.set(u.group, [i]);
  });
  const groups = [...members.values()];
  const rand = rng(seed);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [groups[i], groups[j]] = [groups[j], groups[i]];
  }
  const keep = new Uint8Array(units.length);
  let room = max;
  for (const g of groups) {
    if (g.length > room) continue;
    for (const i of g) keep[i] = 1;
    room -= g.length;
    if (room === 0) break;
  }
  return units.filter((_, i) => keep[i] === 1);
}
