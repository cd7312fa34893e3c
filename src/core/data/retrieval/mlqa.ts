import * as path from 'node:path';
import { UserError } from '../../errors';
import type { RetrievalCorpus } from '../corpus';
import type { LoadContext } from '../context';
import { tryCanonicalLang } from '../languages';
import { isDirectory, listDir } from '../lines';
import { readSquad } from '../squad';
import { RetrievalBuilder } from './builder';
import { pickSplit } from './files';

/** `test-context-de-question-en.json`: contexts in de, questions in en. */
export const MLQA_FILE = /^(dev|test)-context-([A-Za-z-]+)-question-([A-Za-z-]+)\.json$/;

export function isMlqaFolder(dir: string): boolean {
  return listDir(dir).some((e) => e.isFile() && MLQA_FILE.test(e.name));
}

/**
 * MLQA: SQuAD v1.1 files `{dev,test}-context-{c}-question-{q}.json`, questions in q on contexts
 * in c, parallel across languages by question id. Loaded as a retrieval dataset: the pool holds
 * each distinct context once per language (`de/p0`, in file order), queries are `q/<id>`, and a
 * question is relevant (grade 1) to its context in every file that has it. So `as-given` with
 * `--query-langs en --pool-langs de` is cross(en→de), `--query-langs de --pool-langs de,en` is
 * bilingual(de, en), and the default pool of every language is LAReQA-style multilingual.
 */
export async function loadMlqa(p: string, ctx: LoadContext): Promise<RetrievalCorpus> {
  if (!isDirectory(p)) throw new UserError('MLQA is a folder of {dev,test}-context-<c>-question-<q>.json files', { file: p });
  const files = listDir(p).flatMap((e) => {
    const m = e.isFile() ? MLQA_FILE.exec(e.name) : null;
    return m ? [{ file: path.join(p, e.name), split: m[1], c: m[2], q: m[3] }] : [];
  });
  if (files.length === 0) throw new UserError('no MLQA files ({dev,test}-context-<c>-question-<q>.json) in this folder', { file: p });
  const split = pickSplit(files.map((f) => f.split), ctx, p);
  for (const f of files) {
    if (tryCanonicalLang(f.c) === undefined || tryCanonicalLang(f.q) === undefined) throw new UserError(`unknown language code in the file name`, { file: f.file });
  }
  const chosen = files.filter((f) => f.split === split && ctx.wants(tryCanonicalLang(f.c)!) && ctx.wants(tryCanonicalLang(f.q)!));
  if (chosen.length === 0) throw new UserError(`no MLQA ${split} file pairs the requested languages`, { file: p });

  const b = new RetrievalBuilder(ctx);
  const docOf = new Map<string, string>();
  const perLang = new Map<string, number>();
  const queries = new Set<string>();
  const pairs = new Set<string>();
  for (const [n, f] of chosen.entries()) {
    ctx.checkAborted();
    ctx.progress(`reading ${path.basename(f.file)}`, n, chosen.length);
    const sq = readSquad(f.file, ctx);
    for (const para of sq.paragraphs) {
      const key = `${f.c}\u0000${para.context}`;
      let docId = docOf.get(key);
      if (docId === undefined) {
        const i = perLang.get(f.c) ?? 0;
        perLang.set(f.c, i + 1);
        docId = `${f.c}/p${i}`;
        docOf.set(key, docId);
        b.addDoc(docId, undefined, para.context, f.c, { file: f.file, line: para.line });
      }
      for (const q of para.qas) {
        const qid = `${f.q}/${q.id}`;
        if (!queries.has(qid)) {
          queries.add(qid);
          b.addQuery(qid, q.question, f.q, { file: f.file, line: q.line });
        }
        const pair = `${qid}\u0000${docId}`;
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        b.addJudgement(qid, docId, '1', { file: f.file, line: q.line });
      }
    }
  }
  return b.build({ name: path.basename(path.resolve(p)), format: 'mlqa', path: p, split });
}
