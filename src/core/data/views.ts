import { UserError } from '../errors';
import type { Corpus, ParallelCorpus, ParallelSet, QACorpus } from './corpus';
import { canonicalLang, languageName } from './languages';

/** Canonical codes of the corpus's languages, in corpus order. */
export function languagesOf(corpus: Corpus): string[] {
  return corpus.languages.map((l) => l.code);
}

/** Canonical codes of `langs` (user or canonical spelling), checked against the corpus. */
function resolve(corpus: Corpus, langs: string[]): Set<string> {
  const have = new Set(languagesOf(corpus));
  const want = new Set(langs.map(canonicalLang));
  const missing = [...want].filter((c) => !have.has(c));
  if (missing.length > 0) {
    throw new UserError(`${missing.map((c) => `'${c}' (${languageName(c)})`).join(', ')} not in ${corpus.name}; it has: ${[...have].join(', ')}`);
  }
  return want;
}

/**
 * The corpus restricted to `langs`. Parallel sets keep only those languages; a pair set (two
 * languages, like a Tatoeba pair) that loses one of them is dropped, as is an emptied set.
 */
export function filterLanguages<C extends Corpus>(corpus: C, langs: string[]): C {
  const want = resolve(corpus, langs);
  const languages = corpus.languages.filter((l) => want.has(l.code));
  if (corpus.kind === 'qa') {
    const qa: QACorpus = {
      ...corpus,
      languages,
      queries: corpus.queries.filter((q) => want.has(q.lang)),
      docs: corpus.docs.filter((d) => want.has(d.lang)),
      qrels: new Map([...corpus.qrels].filter(([l]) => want.has(l))),
    };
    return qa as C;
  }
  const sets: ParallelSet[] = [];
  for (const s of corpus.sets) {
    const kept = s.languages.filter((l) => want.has(l));
    if (kept.length === 0 || (s.languages.length === 2 && kept.length < 2)) continue;
    sets.push({ ...s, languages: kept, sentences: s.sentences.filter((x) => want.has(x.lang)) });
  }
  const used = new Set(sets.flatMap((s) => s.languages));
  const pc: ParallelCorpus = { ...corpus, kind: 'parallel', languages: languages.filter((l) => used.has(l.code)), sets };
  return pc as C;
}

/**
 * The questions of a QA corpus as one n-way parallel set (`all`, key = question key), e.g. to
 * run bitext mining on XQuAD questions.
 */
export function questionsAsParallel(qa: QACorpus): ParallelCorpus {
  return {
    kind: 'parallel',
    name: `${qa.name} questions`,
    format: qa.format,
    path: qa.path,
    languages: qa.languages,
    skipped: qa.skipped,
    sets: [{
      name: 'all',
      languages: languagesOf(qa),
      sentences: qa.queries.map((q) => ({ id: q.id, key: q.key, lang: q.lang, text: q.text, source: q.source })),
    }],
  };
}

/**
 * The passages of a passage-level QA corpus as one parallel set (key = passage group).
 * Not for sentence units (XQuAD-R): sentence indices are not parallel across languages.
 */
export function passagesAsParallel(qa: QACorpus): ParallelCorpus {
  if (qa.unit !== 'passage') {
    throw new UserError(`${qa.name}: its ${qa.unit}s are not parallel across languages; use its questions instead`);
  }
  return {
    kind: 'parallel',
    name: `${qa.name} passages`,
    format: qa.format,
    path: qa.path,
    languages: qa.languages,
    skipped: qa.skipped,
    sets: [{
      name: 'all',
      languages: languagesOf(qa),
      sentences: qa.docs.map((d) => ({ id: d.id, key: d.group, lang: d.lang, text: d.text, source: d.source })),
    }],
  };
}

/** Items of one language (queries, docs or sentences). */
export function inLanguage<T extends { lang: string }>(items: T[], lang: string): T[] {
  const code = canonicalLang(lang);
  return items.filter((x) => x.lang === code);
}
