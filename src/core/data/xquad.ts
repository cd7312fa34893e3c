import * as path from 'node:path';
import type { QACorpus } from './corpus';
import type { LoadContext } from './context';
import { type LangFile, langEntries, langOfFile, requireSome } from './langFiles';
import { isDirectory } from './lines';
import { type QAPart, assembleQA, emptyPart } from './qa';
import { readSquad } from './squad';

/** `xquad.de.json` or `de.json`. */
export const XQUAD_FILE = /^(?:xquad\.)?([^.]+)\.json$/;

/** The per-language SQuAD files of a folder, or the single file given. */
export function squadFiles(p: string, ctx: LoadContext, expected: string): LangFile[] {
  if (!isDirectory(p)) return [{ lang: langOfFile(p, XQUAD_FILE, expected), file: p }];
  return requireSome(langEntries(p, XQUAD_FILE, ctx), p, expected);
}

/**
 * XQuAD: one SQuAD v1.1 file per language. Docs are whole paragraphs (`de/p17`, group `p17`, the
 * paragraph's position over all articles); queries are keyed by question id.
 */
export async function loadXquad(p: string, ctx: LoadContext): Promise<QACorpus> {
  const files = ctx.select(squadFiles(p, ctx, 'xquad.<lang>.json files'), p);
  const parts: QAPart[] = [];
  for (const [n, { lang, file }] of files.entries()) {
    ctx.checkAborted();
    ctx.progress(`reading ${path.basename(file)}`, n, files.length);
    const sq = readSquad(file, ctx);
    const part = emptyPart(lang.code, file);
    for (const i of sq.droppedParagraphs) part.droppedGroups.add(`p${i}`);
    for (const k of sq.droppedKeys) part.droppedKeys.add(k);
    for (const para of sq.paragraphs) {
      const group = `p${para.index}`;
      const docId = `${lang.code}/${group}`;
      part.docs.push({ id: docId, group, article: `a${para.article}`, lang: lang.code, text: para.context, source: { file, line: para.line } });
      for (const q of para.qas) {
        part.queries.push({ id: `${lang.code}/${q.id}`, key: q.id, lang: lang.code, text: q.question, source: { file, line: q.line } });
        part.rel.set(q.id, [docId]);
      }
    }
    parts.push(part);
  }
  ctx.progress('checking parallel questions', files.length, files.length);
  return {
    kind: 'qa',
    name: 'xquad',
    format: 'xquad',
    path: p,
    languages: files.map((f) => f.lang),
    skipped: ctx.skipped,
    unit: 'passage',
    ...assembleQA(parts, ctx),
  };
}
