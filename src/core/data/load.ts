import { UserError } from '../errors';
import type { Corpus, FormatId } from './corpus';
import { LoadContext, type LoadOptions } from './context';
import { loadBelebele } from './belebele';
import { loadDelimited } from './delimited';
import { FORMATS, detectFormat } from './detect';
import { loadFloresLines, loadSib } from './flores';
import { loadJsonl } from './jsonl';
import { loadTatoeba } from './tatoeba';
import { loadXquad } from './xquad';
import { loadXquadR } from './xquadR';
import { loadBeir } from './retrieval/beir';
import { loadMlqa } from './retrieval/mlqa';
import { loadMteb } from './retrieval/mteb';
import { loadTrec } from './retrieval/trec';

export type { LoadOptions } from './context';

const LOADERS: Record<FormatId, (p: string, ctx: LoadContext) => Promise<Corpus>> = {
  xquad: loadXquad,
  'xquad-r': loadXquadR,
  sib200: loadSib,
  flores: loadFloresLines,
  tatoeba: loadTatoeba,
  belebele: loadBelebele,
  jsonl: loadJsonl,
  csv: (p, ctx) => loadDelimited(p, ',', ctx),
  tsv: (p, ctx) => loadDelimited(p, '\t', ctx),
  beir: loadBeir,
  mteb: loadMteb,
  trec: loadTrec,
  mlqa: loadMlqa,
};

/**
 * Loads a dataset (file or folder) in any supported format, detected from the path unless
 * `opts.format` is given. Malformed input throws a `UserError` naming file and line; with
 * `allowSkips`, skippable problems are listed in `corpus.skipped` instead.
 */
export async function loadCorpus(path: string, opts: LoadOptions = {}): Promise<Corpus> {
  if (opts.format !== undefined && !(opts.format in LOADERS)) {
    throw new UserError(`unknown format '${opts.format}'; one of ${Object.keys(FORMATS).join(', ')}`);
  }
  const ctx = new LoadContext(opts);
  ctx.checkAborted();
  const format = opts.format ?? detectFormat(path);
  const corpus = await LOADERS[format](path, ctx);
  if (corpus.languages.length === 0) {
    const why = ctx.skipped.length > 0 ? `: all ${ctx.skipped.length} problem inputs were skipped, first: ${ctx.skipped[0].reason}` : '';
    throw new UserError(`nothing loaded${why}`, { file: path });
  }
  return corpus;
}
