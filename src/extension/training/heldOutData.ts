import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatId, QACorpus } from '../../core/data/corpus';
import { loadCorpus } from '../../core/data/load';
import { UserError } from '../../core/errors';
import type { TaskOptions } from '../../core/progress';
import { parallelTrainingData, qaTrainingData, type SplitData } from '../../core/training/data';
import { isTrainingJsonl, jsonlTrainingData } from '../../core/training/trainJsonl';

/**
 * The held-out part of a training run's data, written as a dataset the engine's `eval` job
 * loads, so base model and checkpoint are compared only on passages the adapter never saw.
 * The split is recomputed exactly as the training job made it (same loader, languages, seed
 * and default train fraction). XQuAD and XQuAD-R files are copied with only the held-out
 * paragraphs (their own format, so sentence units stay sentence units); everything else (a
 * training JSONL, parallel sentences, Belebele) is written in Belebele's JSONL layout, one
 * passage per parallel group.
 */
export interface HeldOutSpec {
  data: string;
  format?: string;
  langs: string[];
  pivot: string;
  seed: number;
  cwd: string;
}

export interface HeldOutData {
  path: string;
  format: FormatId;
  queries: number;
}

export async function writeHeldOutData(spec: HeldOutSpec, outDir: string, task: TaskOptions = {}): Promise<HeldOutData> {
  const file = path.resolve(spec.cwd, spec.data);
  const langs = spec.langs.filter((l) => l !== spec.pivot);
  const opts = { langs, pivot: spec.pivot, seed: spec.seed };
  await fs.promises.rm(outDir, { recursive: true, force: true });
  await fs.promises.mkdir(outDir, { recursive: true });
  let split: SplitData;
  if (spec.format === 'train-jsonl' || (spec.format === undefined && isTrainingJsonl(file))) {
    split = await jsonlTrainingData(file, { ...opts, signal: task.signal });
  } else {
    const corpus = await loadCorpus(file, { format: spec.format as FormatId | undefined, langs: [...langs, spec.pivot], ...task });
    if (corpus.kind === 'qa') {
      split = qaTrainingData(corpus, opts);
      if (corpus.format === 'xquad' || corpus.format === 'xquad-r') {
        const groups = new Set(split.heldOut.docs.map((d) => d.group));
        await writeSquadSubset(split.heldOut, groups, outDir);
        return { path: outDir, format: corpus.format, queries: split.heldOut.queries.length };
      }
    } else split = parallelTrainingData(corpus, opts);
  }
  const queries = await writeBelebele(split.heldOut, outDir);
  return { path: outDir, format: 'belebele', queries };
}

interface SquadJson {
  data: Array<{ title?: string; paragraphs: unknown[] }>;
  [k: string]: unknown;
}

/**
 * Copies each language's SQuAD file keeping the paragraphs whose group (`p<i>`, the i-th
 * paragraph over all articles, as the loaders number them) is held out. Paragraphs are kept in
 * the same positions in every language, so the copies stay parallel.
 */
async function writeSquadSubset(heldOut: QACorpus, groups: Set<string>, outDir: string): Promise<void> {
  const fileOf = new Map<string, string>();
  for (const d of heldOut.docs) if (d.source?.file && !fileOf.has(d.lang)) fileOf.set(d.lang, d.source.file);
  for (const [lang, src] of fileOf) {
    const doc = JSON.parse(await fs.promises.readFile(src, 'utf8')) as SquadJson;
    let i = 0;
    const data = doc.data
      .map((article) => ({ ...article, paragraphs: article.paragraphs.filter(() => groups.has(`p${i++}`)) }))
      .filter((a) => a.paragraphs.length > 0);
    if (data.length === 0) throw new UserError(`no held-out paragraph in ${lang}`, { file: src });
    await fs.promises.writeFile(path.join(outDir, path.basename(src)), JSON.stringify({ ...doc, data }));
  }
}

/**
 * Belebele layout: `<lang>.jsonl`, one row per question with its passage (`link` = the
 * passage's parallel group, `question_number` = the question's parallel key).
 */
async function writeBelebele(heldOut: QACorpus, outDir: string): Promise<number> {
  const docs = new Map(heldOut.docs.map((d) => [d.id, d]));
  let written = 0;
  for (const { code } of heldOut.languages) {
    const rel = heldOut.qrels.get(code);
    const lines: string[] = [];
    for (const q of heldOut.queries) {
      if (q.lang !== code) continue;
      const d = docs.get(rel?.get(q.key)?.[0] ?? '');
      if (!d) continue;
      lines.push(JSON.stringify({ link: d.group, question_number: q.key, flores_passage: d.text, question: q.text }));
    }
    written += lines.length;
    await fs.promises.writeFile(path.join(outDir, `${code}.jsonl`), lines.join('\n') + '\n');
  }
  if (written === 0) throw new UserError('the held-out split has no question to evaluate', { file: heldOut.path });
  return written;
}
