import { createHash } from 'node:crypto';
import type { QACorpus } from './corpus';

/**
 * Content hash of the QA or retrieval data a report scored: every query and document (id,
 * language, parallel key, text) and every judgement, in order. Two runs compare only when this
 * matches (`xlens compare`, the Compare panel): the same dataset name and size with other text or
 * other judgements is other data. Hashed incrementally, so a 10M-document corpus is never one string.
 */
export function corpusFingerprint(corpus: QACorpus): string {
  const h = createHash('sha256');
  const put = (...parts: string[]) => {
    for (const p of parts) h.update(p).update('\u0000');
    h.update('\u0001');
  };
  put('xlens-corpus', '1', corpus.unit);
  for (const q of corpus.queries) put('q', q.id, q.lang, q.key, q.text);
  for (const d of corpus.docs) put('d', d.id, d.lang, d.group, d.text);
  for (const [lang, byKey] of corpus.qrels) for (const [key, ids] of byKey) put('r', lang, key, ...ids);
  if (corpus.judgements) for (const [q, js] of corpus.judgements.byQuery) put('j', q, ...js.flatMap((j) => [j.doc, String(j.grade)]));
  return h.digest('hex').slice(0, 16);
}
