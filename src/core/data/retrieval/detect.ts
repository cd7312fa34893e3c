import type { FormatId } from '../corpus';
import { isBeirFolder } from './beir';
import { languageFolders } from './files';
import { isMlqaFolder } from './mlqa';
import { isMtebFolder } from './mteb';
import { isTrecFolder } from './trec';

/** The retrieval layout of a folder (BEIR, a folder of per-language BEIR folders, MTEB, MLQA, TREC), if any. */
export function detectRetrievalDir(dir: string): FormatId | undefined {
  if (isBeirFolder(dir)) return 'beir';
  if (isMtebFolder(dir)) return 'mteb';
  if (isMlqaFolder(dir)) return 'mlqa';
  const langs = languageFolders(dir);
  if (langs.length > 0 && langs.every((l) => isBeirFolder(l.dir))) return 'beir';
  if (isTrecFolder(dir)) return 'trec';
  return undefined;
}
