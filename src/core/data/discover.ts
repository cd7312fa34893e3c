import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatId } from './corpus';
import { detectFormat } from './detect';

export interface FoundDataset {
  path: string;
  format: FormatId;
}

/** Folders never worth descending into when looking for corpora. */
const SKIP = new Set(['node_modules', '.git', '.xlens', '.cache', 'dist', 'out']);

/**
 * Corpora under the given roots (the workspace folders and `xlens.dataFolders`): every folder
 * or file whose format is recognised, without descending into a recognised folder. Generic
 * files (JSONL/CSV/TSV) are listed only at the top levels, where users keep their own data.
 */
export function discoverDatasets(roots: string[], maxDepth = 3): FoundDataset[] {
  const found: FoundDataset[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const format = tryDetect(dir);
    if (format) {
      found.push({ path: dir, format });
      return;
    }
    if (depth >= maxDepth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p, depth + 1);
      else if (e.isFile() && depth < 2 && /\.(jsonl|csv|tsv|json)$/i.test(e.name)) {
        const f = tryDetect(p);
        if (f && f !== 'xquad' && f !== 'xquad-r') found.push({ path: p, format: f });
      }
    }
  };
  for (const r of roots) visit(path.resolve(r), 0);
  return found;
}

function tryDetect(p: string): FormatId | undefined {
  try {
    return detectFormat(p);
  } catch {
    return undefined;
  }
}
