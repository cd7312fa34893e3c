import type { Corpus, SourceRef } from '../corpus';

/** One text of the corpus as the inspector sees it. */
export interface InspectUnit {
  id: string;
  lang: string;
  text: string;
  source?: SourceRef;
}

/** What a row holds: a parallel sentence, a question or a passage (unit). */
export type RowRole = 'sentence' | 'question' | 'passage';

/**
 * A row of the aligned table: the units sharing a parallel key, one cell per language
 * (`cells[i]` indexes `units`, -1 where the language lacks this key).
 */
export interface AlignedRow {
  set: string;
  key: string;
  role: RowRole;
  cells: Int32Array;
}

export interface AlignedTable {
  /** Canonical codes, column order (the corpus's order). */
  languages: string[];
  units: InspectUnit[];
  rows: AlignedRow[];
  /** Row of each unit (`rowOf[u]`). */
  rowOf: Int32Array;
}

/**
 * Aligns a corpus into rows across languages. Parallel sets: one row per (set, key). QA corpora:
 * one row per question key, and one per passage group and position within the group (XQuAD-R
 * sentences are positions in their paragraph, which need not align across languages; retrieval
 * datasets whose documents are not parallel get one row per document).
 */
export function alignCorpus(corpus: Corpus): AlignedTable {
  const languages = corpus.languages.map((l) => l.code);
  const col = new Map(languages.map((l, i) => [l, i]));
  const units: InspectUnit[] = [];
  const rows: AlignedRow[] = [];
  const rowIndex = new Map<string, number>();
  const rowOfList: number[] = [];
  const add = (set: string, key: string, role: RowRole, u: InspectUnit): void => {
    const c = col.get(u.lang);
    if (c === undefined) return;
    const id = `${role}\u0000${set}\u0000${key}`;
    let r = rowIndex.get(id);
    if (r === undefined || rows[r].cells[c] !== -1) {
      // A second unit for the same language and key (e.g. duplicated keys) gets a row of its own.
      r = rows.length;
      rows.push({ set, key, role, cells: new Int32Array(languages.length).fill(-1) });
      rowIndex.set(id, r);
    }
    rows[r].cells[c] = units.length;
    rowOfList.push(r);
    units.push(u);
  };
  if (corpus.kind === 'parallel') {
    for (const s of corpus.sets) for (const x of s.sentences) add(s.name, x.key, 'sentence', x);
  } else {
    for (const q of corpus.queries) add('questions', q.key, 'question', q);
    const position = new Map<string, number>();
    for (const d of corpus.docs) {
      const k = `${d.lang}\u0000${d.group}`;
      const n = position.get(k) ?? 0;
      position.set(k, n + 1);
      add('passages', n === 0 ? d.group : `${d.group}#${n}`, 'passage', d);
    }
  }
  return { languages, units, rows, rowOf: Int32Array.from(rowOfList) };
}
