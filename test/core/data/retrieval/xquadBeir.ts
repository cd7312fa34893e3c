import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadCorpus } from '../../../../src/core/data/load';
import type { QACorpus } from '../../../../src/core/data/corpus';
import { SHARED_DATA } from '../../../support/sharedData';

/** ../shared/data/xquad beside the checkout (the real XQuAD). */
export const XQUAD = path.join(SHARED_DATA, 'xquad');

export interface XquadBeirOptions {
  /** Languages of the pool, in pool (file) order. */
  poolLangs: string[];
  /** Languages whose questions become queries (default: the pool languages). */
  queryLangs?: string[];
  /** Grade of the passage in the query's own language / of its translations (0 = not judged). */
  ownGrade?: number;
  otherGrade?: number;
  /** gzip corpus.jsonl (→ corpus.jsonl.gz). */
  gzip?: boolean;
  /** Put the language in a `lang` field (default true). */
  langField?: boolean;
}

/**
 * Writes XQuAD as a BEIR folder: corpus = the passages of the pool languages in that order
 * (`de/p17`), queries = the questions (`de/<id>`), qrels/test.tsv = each question's passage in
 * its own language (ownGrade) and its translations (otherGrade). Returns the native corpus.
 */
export async function xquadToBeir(out: string, o: XquadBeirOptions): Promise<QACorpus> {
  const queryLangs = o.queryLangs ?? o.poolLangs;
  const langs = [...new Set([...o.poolLangs, ...queryLangs])];
  const native = (await loadCorpus(XQUAD, { langs })) as QACorpus;
  fs.mkdirSync(path.join(out, 'qrels'), { recursive: true });
  const withLang = o.langField ?? true;
  const corpus = o.poolLangs.flatMap((l) => native.docs.filter((d) => d.lang === l))
    .map((d) => JSON.stringify({ _id: d.id, title: '', text: d.text, ...(withLang ? { lang: d.lang } : {}) })).join('\n') + '\n';
  if (o.gzip) fs.writeFileSync(path.join(out, 'corpus.jsonl.gz'), zlib.gzipSync(corpus));
  else fs.writeFileSync(path.join(out, 'corpus.jsonl'), corpus);
  const queries = native.queries.filter((q) => queryLangs.includes(q.lang));
  fs.writeFileSync(path.join(out, 'queries.jsonl'), queries.map((q) => JSON.stringify({ _id: q.id, text: q.text, ...(withLang ? { lang: q.lang } : {}) })).join('\n') + '\n');
  const own = o.ownGrade ?? 1;
  const other = o.otherGrade ?? 0;
  const qrels = ['query-id\tcorpus-id\tscore'];
  for (const q of queries) {
    for (const l of o.poolLangs) {
      const grade = l === q.lang ? own : other;
      if (grade <= 0) continue;
      for (const d of native.qrels.get(l)?.get(q.key) ?? []) qrels.push(`${q.id}\t${d}\t${grade}`);
    }
  }
  fs.writeFileSync(path.join(out, 'qrels', 'test.tsv'), qrels.join('\n') + '\n');
  return native;
}

// `npx tsx test/core/data/retrieval/xquadBeir.ts OUT de,zh,en` writes the mixed pool of the README example.
if (require.main === module) {
  const [out, langs = 'de,zh,en'] = process.argv.slice(2);
  void xquadToBeir(out, { poolLangs: langs.split(','), ownGrade: 2, otherGrade: 1, gzip: true }).then(() => console.log(`BEIR folder written to ${out}`));
}
