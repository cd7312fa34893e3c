import type { ProjectionPoints } from '../../src/protocol';

/** ProjectionPoints with its ArrayBuffers viewed as typed arrays, plus lookups derived once. */
export interface PointSet {
  raw: ProjectionPoints;
  n: number;
  coords: Float32Array;
  lang: Uint16Array;
  group: Uint32Array;
  kind: Uint8Array;
  texts: string[];
  languages: string[];
  /** Points per language index. */
  counts: number[];
  /** Points of each parallel group (translations of each other). */
  members: Map<number, number[]>;
}

export function pointSet(p: ProjectionPoints): PointSet {
  const coords = new Float32Array(p.coords);
  const lang = new Uint16Array(p.lang);
  const group = new Uint32Array(p.group);
  const kind = new Uint8Array(p.kind);
  const n = lang.length;
  if (coords.length !== 2 * n || group.length !== n || kind.length !== n || p.texts.length !== n) {
    throw new Error(`inconsistent projection: ${coords.length / 2} positions, ${n} languages, ${group.length} groups, ${kind.length} kinds, ${p.texts.length} texts`);
  }
  const counts = p.languages.map(() => 0);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    counts[lang[i]] = (counts[lang[i]] ?? 0) + 1;
    const g = members.get(group[i]);
    if (g) g.push(i);
    else members.set(group[i], [i]);
  }
  return { raw: p, n, coords, lang, group, kind, texts: p.texts, languages: p.languages, counts, members };
}

/** The other points of i's parallel group of the same kind (its translations). */
export function translationsOf(ps: PointSet, i: number): number[] {
  return (ps.members.get(ps.group[i]) ?? []).filter((j) => j !== i && ps.kind[j] === ps.kind[i]);
}

/** `sentencesOnly`: a parallel sentence set (no queries), whose units are sentences. */
export function kindLabel(kind: number, sentencesOnly = false): string {
  return kind === 0 ? 'query' : sentencesOnly ? 'sentence' : 'document';
}

/** True when no point is a query (a parallel sentence set). */
export function sentencesOnly(ps: PointSet): boolean {
  return !ps.kind.includes(0);
}
