import * as path from 'node:path';
import type { QACorpus } from './corpus';
import type { LoadContext } from './context';
import { type QAPart, assembleQA, emptyPart } from './qa';
import { type SquadParagraph, readSquad } from './squad';
import { squadFiles } from './xquad';

/** Checked `sentences` / `sentence_breaks` of a paragraph, or a reason why they are unusable. */
function sentencesOf(p: SquadParagraph): { sentences: string[]; breaks: [number, number][] } | string {
  const { sentences, sentenceBreaks: breaks } = p;
  if (!Array.isArray(sentences) || !sentences.every((s) => typeof s === 'string')) return "missing field 'sentences' (a list of strings)";
  if (!Array.isArray(breaks) || !breaks.every((b) => Array.isArray(b) && b.length === 2 && b.every((x) => typeof x === 'number'))) {
    return "missing field 'sentence_breaks' (a list of [start, end] pairs)";
  }
  if (breaks.length !== sentences.length) return `${sentences.length} sentences but ${breaks.length} sentence_breaks`;
  return { sentences, breaks: breaks as [number, number][] };
}

/**
 * XQuAD-R (LAReQA): SQuAD files with per-paragraph sentences. The unit is the sentence
 * (`de/p17.s3`, group `p17`); a question's relevant sentence is the one whose `[start, end)`
 * break contains the answer start. Sentence indices are not parallel across languages.
 */
export async function loadXquadR(p: string, ctx: LoadContext): Promise<QACorpus> {
  const files = ctx.select(squadFiles(p, ctx, '<lang>.json files (XQuAD-R)'), p);
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
      const s = sentencesOf(para);
      if (typeof s === 'string') {
        ctx.problem(file, para.line, `paragraph ${group}: ${s}; paragraph skipped`);
        part.droppedGroups.add(group);
        continue;
      }
      const ids = s.sentences.map((_, j) => `${lang.code}/${group}.s${j}`);
      const usable = s.sentences.map((t, j) => {
        if (t.trim() !== '') return true;
        ctx.problem(file, para.line, `paragraph ${group}: empty text in sentence ${j}; sentence skipped`);
        return false;
      });
      s.sentences.forEach((text, j) => {
        if (usable[j]) part.docs.push({ id: ids[j], group, article: `a${para.article}`, lang: lang.code, text, source: { file, line: para.line } });
      });
      for (const q of para.qas) {
        const rel = new Set<string>();
        let bad: string | undefined = q.answerStarts.length === 0 ? "no 'answers' with an 'answer_start'" : undefined;
        for (const a of q.answerStarts) {
          const j = s.breaks.findIndex(([start, end]) => start <= a && a < end);
          if (j < 0) bad = `answer_start ${a} is in no sentence of paragraph ${group}`;
          else if (!usable[j]) bad = `its answer sentence ${j} was skipped`;
          else rel.add(ids[j]);
        }
        if (bad) {
          ctx.problem(file, q.line, `question '${q.id}': ${bad}; question skipped in every language`);
          part.droppedKeys.add(q.id);
          continue;
        }
        part.queries.push({ id: `${lang.code}/${q.id}`, key: q.id, lang: lang.code, text: q.question, source: { file, line: q.line } });
        part.rel.set(q.id, [...rel]);
      }
    }
    parts.push(part);
  }
  ctx.progress('checking parallel questions', files.length, files.length);
  return {
    kind: 'qa',
    name: 'xquad-r',
    format: 'xquad-r',
    path: p,
    languages: files.map((f) => f.lang),
    skipped: ctx.skipped,
    unit: 'sentence',
    ...assembleQA(parts, ctx),
  };
}
