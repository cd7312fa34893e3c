import type { Doc, QACorpus, Query, SourceRef } from './corpus';
import type { LoadContext } from './context';

/** One language of a QA corpus, as read from its file, before the cross-language checks. */
export interface QAPart {
  lang: string;
  file: string;
  queries: Query[];
  docs: Doc[];
  /** Query key → ids of its relevant docs in this language. */
  rel: Map<string, string[]>;
  /** Question keys / passage groups the loader already reported and dropped; dropped everywhere. */
  droppedKeys: Set<string>;
  droppedGroups: Set<string>;
}

export function emptyPart(lang: string, file: string): QAPart {
  return { lang, file, queries: [], docs: [], rel: new Map(), droppedKeys: new Set(), droppedGroups: new Set() };
}

const at = (s: SourceRef | undefined, file: string): [string, number | undefined] => [s?.file ?? file, s?.line];

/**
 * Checks that the languages are parallel (same passages, same questions, each question on the
 * same passage in every language) and joins them. Anything dropped in one language is dropped
 * in all, so every scenario sees the same questions in every language.
 */
export function assembleQA(parts: QAPart[], ctx: LoadContext): Pick<QACorpus, 'queries' | 'docs' | 'qrels'> {
  const droppedGroups = new Set<string>();
  const droppedKeys = new Set<string>();
  for (const p of parts) {
    for (const g of p.droppedGroups) droppedGroups.add(g);
    for (const k of p.droppedKeys) droppedKeys.add(k);
  }

  // Passages: every group in every language.
  const groupsOf = parts.map((p) => new Map(p.docs.map((d) => [d.group, d] as const)));
  const allGroups = new Set<string>();
  for (const g of groupsOf) for (const k of g.keys()) allGroups.add(k);
  for (const g of allGroups) {
    if (droppedGroups.has(g)) continue;
    const i = groupsOf.findIndex((m) => m.has(g));
    const j = groupsOf.findIndex((m) => !m.has(g));
    if (j >= 0) {
      ctx.problem(...at(groupsOf[i].get(g)?.source, parts[i].file),
        `mismatched parallel passages: '${g}' is in ${parts[i].lang} but missing in ${parts[j].lang} (${parts[j].file}); passage and its questions skipped`);
      droppedGroups.add(g);
    }
  }

  // Questions: every key in every language, on the same passage(s).
  const docGroup = new Map<string, string>();
  for (const p of parts) for (const d of p.docs) docGroup.set(d.id, d.group);
  const queriesOf = parts.map((p) => new Map(p.queries.map((q) => [q.key, q] as const)));
  const relGroups = (p: QAPart, key: string): string =>
    [...new Set((p.rel.get(key) ?? []).map((id) => docGroup.get(id) ?? '?'))].sort().join(',');
  const allKeys = new Set<string>();
  for (const m of queriesOf) for (const k of m.keys()) allKeys.add(k);
  for (const key of allKeys) {
    if (droppedKeys.has(key)) continue;
    const i = queriesOf.findIndex((m) => m.has(key));
    const where = at(queriesOf[i].get(key)?.source, parts[i].file);
    const groups = relGroups(parts[i], key);
    if (groups.split(',').some((g) => droppedGroups.has(g))) {
      droppedKeys.add(key); // reported with its passage
      continue;
    }
    for (let j = 0; j < parts.length; j++) {
      if (!queriesOf[j].has(key)) {
        ctx.problem(...where,
          `mismatched parallel ids: question '${key}' is in ${parts[i].lang} but missing in ${parts[j].lang} (${parts[j].file}); question skipped`);
        droppedKeys.add(key);
        break;
      }
      const gj = relGroups(parts[j], key);
      if (gj !== groups) {
        ctx.problem(...at(queriesOf[j].get(key)?.source, parts[j].file),
          `question '${key}' is on passage ${gj} in ${parts[j].lang} but on ${groups} in ${parts[i].lang}; question skipped`);
        droppedKeys.add(key);
        break;
      }
    }
  }

  const queries: Query[] = [];
  const docs: Doc[] = [];
  const qrels = new Map<string, Map<string, string[]>>();
  for (const p of parts) {
    for (const d of p.docs) if (!droppedGroups.has(d.group)) docs.push(d);
    const rel = new Map<string, string[]>();
    for (const q of p.queries) {
      if (droppedKeys.has(q.key)) continue;
      queries.push(q);
      rel.set(q.key, p.rel.get(q.key) ?? []);
    }
    qrels.set(p.lang, rel);
  }
  return { queries, docs, qrels };
}
