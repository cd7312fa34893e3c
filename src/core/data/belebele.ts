import * as path from 'node:path';
import type { QACorpus } from './corpus';
import type { LoadContext } from './context';
import { type LangFile, langEntries, langOfFile, requireSome } from './langFiles';
import { tryCanonicalLang } from './languages';
import { isDirectory } from './lines';
import { readJsonLines, stringField } from './jsonl';
import { type QAPart, assembleQA, emptyPart } from './qa';

export const BELEBELE_FILE = /^([^.]+)\.jsonl$/;
const REQUIRED = ['link', 'question_number', 'flores_passage', 'question'] as const;

/**
 * Belebele: one JSONL file per language variety (`eng_Latn.jsonl`). Passages are the distinct
 * `flores_passage` of each `link` (doc `en/<link>`, group = link, parallel across languages);
 * queries are the questions (key `link#question_number`), relevant to their own passage.
 * The multiple-choice answers are not used for retrieval.
 */
export async function loadBelebele(p: string, ctx: LoadContext): Promise<QACorpus> {
  const all: LangFile[] = isDirectory(p)
    ? requireSome(langEntries(p, BELEBELE_FILE, ctx), p, '<lang>.jsonl files (Belebele)')
    : [{ lang: langOfFile(p, BELEBELE_FILE, '<lang>.jsonl, e.g. eng_Latn.jsonl'), file: p }];
  const files = ctx.select(all, p);
  const parts: QAPart[] = [];
  for (const [n, { lang, file }] of files.entries()) {
    ctx.checkAborted();
    ctx.progress(`reading ${path.basename(file)}`, n, files.length);
    const part = emptyPart(lang.code, file);
    const passages = new Map<string, { line: number; text: string }>();
    const questionLine = new Map<string, number>();
    await readJsonLines(file, ctx, (row, line) => {
      const missing = REQUIRED.find((f) => stringField(row, f) === undefined);
      if (missing) return ctx.problem(file, line, `missing field '${missing}'; row skipped`);
      const [link, num, passage, question] = REQUIRED.map((f) => stringField(row, f) as string);
      const key = `${link}#${num}`;
      const dialect = stringField(row, 'dialect');
      if (dialect !== undefined && tryCanonicalLang(dialect) !== lang.code) {
        return ctx.problem(file, line, `dialect '${dialect}' does not match the file's language ${lang.label}; row skipped`);
      }
      if (questionLine.has(key)) {
        return ctx.problem(file, line, `duplicate id '${key}' (first at line ${questionLine.get(key)}); row skipped`);
      }
      if (question.trim() === '' || passage.trim() === '') {
        ctx.problem(file, line, `empty text in '${question.trim() === '' ? 'question' : 'flores_passage'}'; question skipped in every language`);
        part.droppedKeys.add(key);
        return;
      }
      const docId = `${lang.code}/${link}`;
      const first = passages.get(link);
      if (first === undefined) {
        passages.set(link, { line, text: passage });
        part.docs.push({ id: docId, group: link, lang: lang.code, text: passage, source: { file, line } });
      } else if (first.text !== passage) {
        ctx.problem(file, line, `'flores_passage' of link ${link} differs from line ${first.line}; question skipped in every language`);
        part.droppedKeys.add(key);
        return;
      }
      questionLine.set(key, line);
      part.queries.push({ id: `${lang.code}/${key}`, key, lang: lang.code, text: question, source: { file, line } });
      part.rel.set(key, [docId]);
    });
    parts.push(part);
  }
  return {
    kind: 'qa',
    name: isDirectory(p) ? path.basename(path.resolve(p)) : 'belebele',
    format: 'belebele',
    path: p,
    languages: files.map((f) => f.lang),
    skipped: ctx.skipped,
    unit: 'passage',
    ...assembleQA(parts, ctx),
  };
}
