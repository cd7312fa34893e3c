import type { Doc, FormatId, Judgement, Language, Query, RetrievalCorpus } from '../corpus';
import type { LoadContext } from '../context';
import { LanguageSet, tryCanonicalLang } from '../languages';

/** Where a row was read, and what it inherits from its folder. */
export interface RowSource {
  file: string;
  line?: number;
  /** The language of the folder (or file name) holding the row, if it names one. */
  folderLang?: string;
  /** Prefix of ids read from a per-language folder (`de/`), so two folders may reuse an id. */
  prefix?: string;
}

const FIRST_IDS = 10;

/**
 * Collects the documents, queries and graded judgements of a retrieval dataset (BEIR, MTEB,
 * TREC) as its loaders stream them, with the checks every layout shares: a row's language is
 * its field, else its folder's, else `--lang` (none is an error naming file and line); ids are
 * unique; grades are finite numbers. Documents keep file order: it is the pool's tie order.
 */
export class RetrievalBuilder {
  readonly langs = new LanguageSet();
  readonly docs: Doc[] = [];
  readonly queries: Query[] = [];
  /** Id → index in `docs` / `queries` (duplicates are reported with the first one's place). */
  private readonly docIndex = new Map<string, number>();
  private readonly queryIndex = new Map<string, number>();
  /** Language label → canonical code, so each row costs a map lookup, not a parse. */
  private readonly codeOf = new Map<string, string>();
  private readonly byQuery = new Map<string, Judgement[]>();
  private readonly judgedPair = new Set<string>();
  private readonly files: string[] = [];
  private unknownLines = 0;
  private readonly unknownFirst: string[] = [];
  /** Judgements read before their queries (qrels first): checked in `build`. */
  private readonly pendingLines = new Map<string, number>();

  constructor(private readonly ctx: LoadContext) {}

  private add(label: string, at: RowSource): string {
    let code = this.codeOf.get(label);
    if (code === undefined) this.codeOf.set(label, (code = this.langs.add(label, { file: at.file, line: at.line })));
    return code;
  }

  /** The canonical language of a row, or undefined after reporting the problem. */
  private langOf(field: unknown, at: RowSource): string | undefined {
    if (field !== undefined && field !== null && field !== '') {
      if (typeof field !== 'string' || (!this.codeOf.has(field) && tryCanonicalLang(field) === undefined)) {
        this.ctx.problem(at.file, at.line, `unknown language ${JSON.stringify(field)} in the row's 'lang' field; row skipped`);
        return undefined;
      }
      return this.add(field, at);
    }
    if (at.folderLang !== undefined) return this.add(at.folderLang, at);
    if (this.ctx.defaultLang !== undefined) return this.add(this.ctx.defaultLang, at);
    this.ctx.problem(at.file, at.line,
      "row has no language: give it a 'lang' field, keep the file in a folder named after its language (de/, en/), or pass --lang; row skipped");
    return undefined;
  }

  private static where(s: { source?: { file: string; line?: number } }): string {
    return s.source?.line === undefined ? (s.source?.file ?? '?') : `${s.source.file}:${s.source.line}`;
  }

  /**
   * A corpus row. The text is `title + " " + text` when there is a title (as BEIR and MTEB
   * encode documents).
   */
  addDoc(id: string | undefined, title: unknown, text: unknown, lang: unknown, at: RowSource): void {
    if (id === undefined || id === '') return this.ctx.problem(at.file, at.line, "missing document id ('_id' or 'docid'); row skipped");
    if (text !== undefined && text !== null && typeof text !== 'string') return this.ctx.problem(at.file, at.line, `document '${id}': field 'text' must be a string; row skipped`);
    if (title !== undefined && title !== null && typeof title !== 'string') return this.ctx.problem(at.file, at.line, `document '${id}': field 'title' must be a string; row skipped`);
    const body = [title, text].filter((s): s is string => typeof s === 'string' && s.trim() !== '').join(' ');
    if (body === '') return this.ctx.problem(at.file, at.line, `document '${id}': empty text and title; row skipped`);
    const full = (at.prefix ?? '') + id;
    const first = this.docIndex.get(full);
    if (first !== undefined) return this.ctx.problem(at.file, at.line, `duplicate document id '${id}' (first at ${RetrievalBuilder.where(this.docs[first])}); row skipped`);
    const code = this.langOf(lang, at);
    if (code === undefined) return;
    this.docIndex.set(full, this.docs.length);
    this.docs.push({ id: full, group: full, lang: code, text: body, source: { file: at.file, line: at.line } });
  }

  addQuery(id: string | undefined, text: unknown, lang: unknown, at: RowSource): void {
    if (id === undefined || id === '') return this.ctx.problem(at.file, at.line, "missing query id ('_id' or 'qid'); row skipped");
    if (typeof text !== 'string' || text.trim() === '')
      return this.ctx.problem(at.file, at.line, `query '${id}': ${typeof text === 'string' ? 'empty text' : "missing field 'text' (a string)"}; row skipped`);
    const full = (at.prefix ?? '') + id;
    const first = this.queryIndex.get(full);
    if (first !== undefined) return this.ctx.problem(at.file, at.line, `duplicate query id '${id}' (first at ${RetrievalBuilder.where(this.queries[first])}); row skipped`);
    const code = this.langOf(lang, at);
    if (code === undefined) return;
    this.queryIndex.set(full, this.queries.length);
    // The key is the unique id: retrieval queries are not parallel across languages.
    this.queries.push({ id: full, key: full, lang: code, text, source: { file: at.file, line: at.line } });
  }

  /** One qrels line; `grade` as written (an integer in BEIR and TREC). */
  addJudgement(queryId: string, docId: string, grade: string, at: RowSource): void {
    const g = Number(grade);
    if (grade.trim() === '' || !Number.isFinite(g)) return this.ctx.problem(at.file, at.line, `relevance grade "${grade}" is not a number; line skipped`);
    const q = (at.prefix ?? '') + queryId;
    const d = (at.prefix ?? '') + docId;
    const pair = `${q}\u0000${d}`;
    if (this.judgedPair.has(pair)) return this.ctx.problem(at.file, at.line, `query '${queryId}' judges document '${docId}' twice; line skipped`);
    this.judgedPair.add(pair);
    if (!this.files.includes(at.file)) this.files.push(at.file);
    let list = this.byQuery.get(q);
    if (!list) this.byQuery.set(q, (list = []));
    list.push({ doc: d, grade: g });
    if (!this.pendingLines.has(q)) this.pendingLines.set(q, 0);
    this.pendingLines.set(q, this.pendingLines.get(q)! + 1);
  }

  get judgementCount(): number {
    return this.judgedPair.size;
  }

  build(meta: { name: string; format: FormatId; path: string; split?: string; languages?: Language[] }): RetrievalCorpus {
    // Judgements of queries the queries file lacks are never scored: counted, never silent.
    for (const [q, n] of this.pendingLines) {
      if (this.queryIndex.has(q)) continue;
      this.unknownLines += n;
      if (this.unknownFirst.length < FIRST_IDS) this.unknownFirst.push(q);
      this.byQuery.delete(q);
    }
    this.judgedPair.clear();
    this.docIndex.clear();
    this.queryIndex.clear();
    return {
      kind: 'qa',
      name: meta.name,
      format: meta.format,
      path: meta.path,
      languages: meta.languages ?? this.langs.list(),
      skipped: this.ctx.skipped,
      unit: 'passage',
      queries: this.queries,
      docs: this.docs,
      qrels: new Map(),
      judgements: {
        byQuery: this.byQuery,
        files: this.files,
        split: meta.split,
        unknownQueries: { lines: this.unknownLines, first: this.unknownFirst },
      },
    };
  }
}
