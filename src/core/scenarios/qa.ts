import { isRetrievalCorpus, type QACorpus } from '../data/corpus';
import { buildAsGiven } from './asGiven';
import { UserError } from '../errors';
import type { RetrievalTask, ScenarioOptions } from './types';

/**
 * Pools and relevance of the scenarios in SPEC §2, built from a parallel QA corpus.
 * Pool order is the order of `poolLangs`, and within a language the corpus order.
 * `as-given` (retrieval datasets with qrels) is built by `buildAsGiven`.
 */
export function buildTasks(corpus: QACorpus, opts: ScenarioOptions): RetrievalTask[] {
  if (opts.scenario === 'as-given') {
    if (!isRetrievalCorpus(corpus)) throw new UserError(`scenario as-given needs a retrieval dataset with qrels (BEIR, MTEB, TREC, MLQA); ${corpus.name} is a parallel QA corpus: use mono, cross, bilingual or multilingual`, { file: corpus.path });
    return buildAsGiven(corpus, opts).tasks;
  }
  if (isRetrievalCorpus(corpus))
    throw new UserError(`scenario ${opts.scenario} needs parallel questions (XQuAD, XQuAD-R, Belebele); ${corpus.name} is a retrieval dataset: use --scenario as-given with --pool-langs and --query-langs`, { file: corpus.path });
  const all = corpus.languages.map((l) => l.code);
  // Pool languages: multilingual's pool is every corpus language unless --pool-langs says
  // otherwise (LAReQA); cross's document languages default to the query languages.
  if (opts.poolLangs && (opts.scenario === 'mono' || opts.scenario === 'bilingual'))
    throw new UserError(`--pool-langs does not apply to ${opts.scenario} (its pool is ${opts.scenario === 'mono' ? 'the query language' : 'the query language + the pivot'}); use multilingual, cross or as-given`);
  const poolLangs = opts.poolLangs ?? (opts.scenario === 'multilingual' ? all : opts.langs);
  const have = new Set(all);
  const missing = [...new Set([...opts.langs, ...poolLangs, ...(opts.scenario === 'bilingual' ? [opts.pivot] : [])])].filter((l) => !have.has(l));
  if (missing.length)
    throw new UserError(`language(s) ${missing.join(', ')} not in ${corpus.name} (it has ${[...have].join(', ')})`, { file: corpus.path });

  const queriesByLang = groupIndices(corpus.queries.map((q) => q.lang));
  const docsByLang = groupIndices(corpus.docs.map((d) => d.lang));
  const docPos = new Map<string, number>();
  corpus.docs.forEach((d, i) => docPos.set(d.id, i));

  const task = (id: string, queryLangs: string[], poolLangs: string[], docLang?: string): RetrievalTask => {
    const docs = poolLangs.flatMap((l) => docsByLang.get(l) ?? []);
    // Position in the pool by corpus index (-1: not in it); an array, as pools reach millions.
    const posInPool = new Int32Array(corpus.docs.length).fill(-1);
    docs.forEach((d, p) => (posInPool[d] = p));
    const queries = queryLangs.flatMap((l) => queriesByLang.get(l) ?? []);
    const relevant = queries.map((qi) => {
      const q = corpus.queries[qi];
      const rel: number[] = [];
      for (const l of poolLangs) {
        const ids = corpus.qrels.get(l)?.get(q.key);
        if (!ids || ids.length === 0)
          throw new UserError(`question ${q.key} (${q.lang}) has no relevant document in ${l}, so ${id} cannot be scored`, {
            file: q.source?.file ?? corpus.path,
            line: q.source?.line,
          });
        for (const docId of ids) {
          const d = docPos.get(docId);
          const p = d === undefined ? -1 : posInPool[d];
          if (p < 0) throw new Error(`qrels name unknown document ${docId}`);
          rel.push(p);
        }
      }
      return Int32Array.from(rel);
    });
    return { id, queryLangs, docLang, poolLangs, queries, docs, relevant };
  };

  switch (opts.scenario) {
    case 'mono':
      return opts.langs.map((l) => task(l, [l], [l]));
    case 'cross':
      return opts.langs.flatMap((l) => poolLangs.map((m) => task(`${l}→${m}`, [l], [m], m)));
    case 'bilingual': {
      const langs = opts.langs.filter((l) => l !== opts.pivot);
      if (langs.length === 0) throw new UserError(`bilingual needs at least one query language other than the pivot ${opts.pivot}`);
      return langs.map((l) => task(`${l}+${opts.pivot}`, [l], [l, opts.pivot]));
    }
    case 'multilingual':
      return [task(poolLangs.join('+'), opts.langs, poolLangs)];
  }
}

function groupIndices(keys: string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const a = m.get(k);
    if (a) a.push(i);
    else m.set(k, [i]);
  });
  return m;
}
