import type { LoadContext } from './context';
import { UserError } from '../errors';
import { parseJsonDocument, readTextFile } from './lines';

/** One SQuAD v1.1 paragraph; `index` counts paragraphs over all articles (the parallel key). */
export interface SquadParagraph {
  index: number;
  /** Index of the article (title block) holding the paragraph; parallel across languages. */
  article: number;
  context: string;
  qas: SquadQuestion[];
  line?: number;
  /** XQuAD-R extras, unchecked here. */
  sentences?: unknown;
  sentenceBreaks?: unknown;
}

export interface SquadQuestion {
  id: string;
  question: string;
  answerStarts: number[];
  line?: number;
}

export interface SquadFile {
  paragraphs: SquadParagraph[];
  /** Indices of paragraphs reported and dropped; ids of questions reported and dropped. */
  droppedParagraphs: Set<number>;
  droppedKeys: Set<string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Finds successive occurrences of a needle and their line numbers in one forward pass. */
class LineCursor {
  private pos = 0;
  private line = 1;
  /** Offset of the next newline at or after `pos` (-1: none left), so one-line files stay O(n). */
  private nl: number;
  constructor(private readonly text: string) {
    this.nl = text.indexOf('\n');
  }
  next(needle: string): number | undefined {
    const i = this.text.indexOf(needle, this.pos);
    if (i < 0) return undefined;
    while (this.nl !== -1 && this.nl < i) {
      this.line++;
      this.nl = this.text.indexOf('\n', this.nl + 1);
    }
    this.pos = i;
    return this.line;
  }
}

/** What is wrong with a question's `answers`, or undefined (every answer has a whole-number `answer_start`). */
function answerProblem(answers: unknown[]): string | undefined {
  for (const [i, a] of answers.entries()) {
    const which = answers.length > 1 ? `answer ${i + 1}` : 'the answer';
    if (!isObj(a)) return `${which} is not an object with 'text' and 'answer_start'`;
    const s = a.answer_start;
    if (s === undefined) return `${which} has no 'answer_start'`;
    if (typeof s !== 'number') return `'answer_start' must be a number, not ${typeof s === 'string' ? 'a string' : typeof s} (${JSON.stringify(s)})`;
    if (!Number.isInteger(s) || s < 0) return `'answer_start' must be a character offset (a whole number ≥ 0), not ${s}`;
  }
  return undefined;
}

/** Reads and checks a SQuAD v1.1 JSON file (XQuAD, XQuAD-R); bad paragraphs/questions are problems. */
export function readSquad(file: string, ctx: LoadContext): SquadFile {
  const text = readTextFile(file);
  const doc = parseJsonDocument(text, file);
  if (!isObj(doc) || !Array.isArray(doc.data)) {
    throw new UserError("not a SQuAD JSON file: no top-level 'data' array", { file, line: 1 });
  }
  const cursor = new LineCursor(text);
  const out: SquadFile = { paragraphs: [], droppedParagraphs: new Set(), droppedKeys: new Set() };
  const seen = new Map<string, number | undefined>();
  let index = 0;
  let articleIndex = -1;
  for (const article of doc.data) {
    articleIndex++;
    if (!isObj(article) || !Array.isArray(article.paragraphs)) {
      throw new UserError("not a SQuAD JSON file: an article has no 'paragraphs' array", { file, line: cursor.next('{') });
    }
    for (const p of article.paragraphs) {
      const i = index++;
      const line = cursor.next('"context"');
      if (!isObj(p) || typeof p.context !== 'string' || !Array.isArray(p.qas)) {
        ctx.problem(file, line, `paragraph p${i}: missing field 'context' or 'qas'; paragraph skipped`);
        out.droppedParagraphs.add(i);
        continue;
      }
      if (p.context.trim() === '') {
        ctx.problem(file, line, `paragraph p${i}: empty text in 'context'; paragraph skipped`);
        out.droppedParagraphs.add(i);
        continue;
      }
      const qas: SquadQuestion[] = [];
      for (const qa of p.qas) {
        const id = isObj(qa) && (typeof qa.id === 'string' || typeof qa.id === 'number') ? String(qa.id) : undefined;
        const qline = id === undefined ? line : (cursor.next(JSON.stringify(id)) ?? line);
        if (!isObj(qa) || id === undefined) {
          ctx.problem(file, qline, `paragraph p${i}: a question has no 'id'; question skipped`);
          continue;
        }
        if (seen.has(id)) {
          ctx.problem(file, qline, `duplicate id '${id}' (first at line ${seen.get(id)}); question skipped in every language`);
          out.droppedKeys.add(id);
          continue;
        }
        seen.set(id, qline);
        if (typeof qa.question !== 'string' || qa.question.trim() === '') {
          ctx.problem(file, qline, `question '${id}': ${typeof qa.question === 'string' ? 'empty text' : "missing field 'question'"}; question skipped`);
          out.droppedKeys.add(id);
          continue;
        }
        const answers = Array.isArray(qa.answers) ? qa.answers : [];
        const badAnswer = answerProblem(answers);
        if (badAnswer) {
          ctx.problem(file, qline, `question '${id}': ${badAnswer}; question skipped in every language`);
          out.droppedKeys.add(id);
          continue;
        }
        const answerStarts = answers.map((a) => (a as Obj).answer_start as number);
        qas.push({ id, question: qa.question, answerStarts, line: qline });
      }
      out.paragraphs.push({ index: i, article: articleIndex, context: p.context, qas, line, sentences: p.sentences, sentenceBreaks: p.sentence_breaks });
    }
  }
  return out;
}
