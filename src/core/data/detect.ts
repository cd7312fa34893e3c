import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { FormatId } from './corpus';
import { tryCanonicalLang } from './languages';
import { fsError } from './lines';
import { TATOEBA_FILE } from './tatoeba';
import { detectRetrievalDir } from './retrieval/detect';

export const FORMATS: Record<FormatId, string> = {
  xquad: 'XQuAD: xquad.<lang>.json SQuAD files (a folder or one file)',
  'xquad-r': 'XQuAD-R: <lang>.json SQuAD files with sentences/sentence_breaks',
  sib200: 'SIB-200: <lang>_<Script>/ folders with train/dev/test.tsv',
  flores: 'FLORES-200: <lang>.dev / <lang>.devtest line files',
  tatoeba: 'Tatoeba: tatoeba.xxx-eng.xxx + tatoeba.xxx-eng.eng',
  belebele: 'Belebele: <lang>.jsonl rows with flores_passage/question',
  jsonl: 'JSONL: {"id","lang","text"} rows or {"id","en","de",...} rows',
  csv: 'CSV with a header naming languages (id,en,de,...)',
  tsv: 'TSV with a header naming languages',
  beir: 'BEIR: corpus.jsonl, queries.jsonl, qrels/<split>.tsv (also .gz), or one such folder per language',
  mteb: 'MTEB (Hugging Face layout): corpus/, queries/, qrels/ or default/ (or <lang>-corpus/ ...) with Parquet or JSONL',
  trec: 'TREC style: topics*.tsv (qid<TAB>query), qrels* (qid Q0 docid grade), *.jsonl(.gz) corpus',
  mlqa: 'MLQA: {dev,test}-context-<c>-question-<q>.json SQuAD files',
};

/** The first `bytes` of a file as text (enough to see the first JSON keys). */
function head(file: string, bytes = 1 << 16): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

const isLangName = (stem: string): boolean => tryCanonicalLang(stem) !== undefined;

function detectFile(file: string): FormatId | undefined {
  const name = path.basename(file);
  const ext = path.extname(name).toLowerCase();
  if (TATOEBA_FILE.test(name)) return 'tatoeba';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.jsonl') return head(file).includes('"flores_passage"') ? 'belebele' : 'jsonl';
  if (ext === '.json') {
    const text = head(file, 1 << 18);
    if (text.includes('"sentence_breaks"')) return 'xquad-r';
    if (text.includes('"paragraphs"')) return 'xquad';
  }
  return undefined;
}

function detectDir(dir: string): FormatId | undefined {
  const retrieval = detectRetrievalDir(dir);
  if (retrieval) return retrieval;
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  if (files.some((n) => TATOEBA_FILE.test(n))) return 'tatoeba';
  const json = files.filter((n) => /\.json$/i.test(n) && isLangName(n.replace(/^xquad\./, '').replace(/\.json$/i, '')));
  if (json.length > 0) {
    const f = detectFile(path.join(dir, json[0]));
    if (f === 'xquad' || f === 'xquad-r') return f;
  }
  const jsonl = files.filter((n) => /\.jsonl$/i.test(n) && isLangName(n.replace(/\.jsonl$/i, '')));
  if (jsonl.length > 0 && detectFile(path.join(dir, jsonl[0])) === 'belebele') return 'belebele';
  const langDirs = dirs.filter((d) => /^[a-z]{3}_[A-Z][a-z]{3}$/.test(d) && isLangName(d));
  if (langDirs.some((d) => fs.readdirSync(path.join(dir, d)).some((n) => n.endsWith('.tsv')))) return 'sib200';
  if (files.some((n) => /^[^.]+\.(dev|devtest)$/.test(n)) || dirs.includes('dev') || dirs.includes('devtest')) return 'flores';
  return undefined;
}

/** The format of a file or folder, judged from names and the first bytes of one file. */
export function detectFormat(p: string): FormatId {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    throw fsError(e, p);
  }
  let found: FormatId | undefined;
  try {
    found = stat.isDirectory() ? detectDir(p) : detectFile(p);
  } catch (e) {
    throw fsError(e, p);
  }
  if (found) return found;
  const tried = Object.values(FORMATS).map((d) => `  - ${d}`).join('\n');
  throw new UserError(`cannot detect the dataset format of this ${stat.isDirectory() ? 'folder' : 'file'}; tried:\n${tried}`, {
    file: p,
    hint: `name the format explicitly (one of ${Object.keys(FORMATS).join(', ')})`,
  });
}
