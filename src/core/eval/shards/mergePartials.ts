import * as fs from 'node:fs/promises';
import { UserError } from '../../errors';
import type { RetrievalTask } from '../../scenarios/types';
import type { TaskRanking } from '../evaluate';
import { PARTIAL_FORMAT, PARTIAL_VERSION, type PartialReport } from './partial';
import { shardRange } from './shardSpec';

export interface LoadedPartial {
  file: string;
  partial: PartialReport;
}

export async function readPartial(file: string): Promise<LoadedPartial> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file });
  }
  let p: PartialReport;
  try {
    p = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file} is not JSON: ${(e as Error).message}`, { file });
  }
  if (p?.format !== PARTIAL_FORMAT) throw new UserError(`${file} is not an XLens partial (written by "xlens eval --pool-shard i/n --partial FILE")`, { file });
  if (p.version !== PARTIAL_VERSION) throw new UserError(`${file} is an XLens partial of version ${p.version}; this XLens reads version ${PARTIAL_VERSION}`, { file });
  return { file, partial: p };
}

/**
 * Check that the partials are the n shards of one evaluation: one each of 0/n … n-1/n, the same
 * invocation, corpus, model and kernel. Returns them in shard order.
 */
export function checkShardSet(loaded: LoadedPartial[]): LoadedPartial[] {
  if (loaded.length === 0) throw new UserError('merge-partials needs the partial files of every shard');
  const first = loaded[0];
  const n = first.partial.shard.count;
  const same = (what: string, get: (p: PartialReport) => unknown) => {
    for (const l of loaded.slice(1)) {
      if (JSON.stringify(get(l.partial)) !== JSON.stringify(get(first.partial))) {
        throw new UserError(`${l.file} and ${first.file} are not shards of one evaluation: their ${what} differ`, { file: l.file });
      }
    }
  };
  same('shard counts', (p) => p.shard.count);
  same('eval options (--data, --scenario, --k, …)', (p) => p.eval.argv);
  same('corpora (fingerprints)', (p) => p.corpusFingerprint);
  same('models (fingerprints)', (p) => p.model.fingerprint);
  same('scoring kernels (--backend)', (p) => p.backend);
  const byIndex = new Map<number, LoadedPartial>();
  for (const l of loaded) {
    const i = l.partial.shard.index;
    const twin = byIndex.get(i);
    if (twin) throw new UserError(`${l.file} and ${twin.file} are both shard ${i}/${n}`, { file: l.file });
    byIndex.set(i, l);
  }
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) throw new UserError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} missing: merge-partials needs all ${n}`);
  return Array.from({ length: n }, (_, i) => byIndex.get(i)!);
}

/**
 * The rankings of the unsharded pool from its shards: a relevant document's rank is 1 + the
 * documents above it in every shard; the top-k is the best k of the shards' top-k (each shard
 * keeps its best k, so the pool's best k are among them), in the SPEC §1 order. Every shard
 * must have given each relevant document the same score: otherwise the counts would compare
 * against different thresholds, and the merge refuses.
 */
export function mergeRankings(shards: LoadedPartial[], tasks: RetrievalTask[], poolLangCount: (task: RetrievalTask) => number): Map<string, TaskRanking> {
  const k = shards[0].partial.k;
  const out = new Map<string, TaskRanking>();
  for (const task of tasks) {
    const parts = shards.map((s) => {
      const t = s.partial.tasks.find((x) => x.id === task.id);
      if (!t) throw new UserError(`${s.file} has no task ${task.id}: it was written for another scenario or corpus`, { file: s.file });
      const want = shardRange(task.docs.length, s.partial.shard);
      if (t.poolSize !== task.docs.length || t.range[0] !== want[0] || t.range[1] !== want[1] || t.queries.length !== task.queries.length) {
        throw new UserError(`${s.file}: task ${task.id} does not match the corpus as loaded now (pool ${t.poolSize} vs ${task.docs.length}, ${t.queries.length} vs ${task.queries.length} queries)`, { file: s.file });
      }
      return { file: s.file, t };
    });
    const L = poolLangCount(task);
    const kk = Math.min(k, task.docs.length);
    const ranking: TaskRanking = {
      k: kk,
      indices: new Int32Array(task.queries.length * kk),
      scores: new Float32Array(task.queries.length * kk),
      relevantRanks: [],
      aboveByLabel: [],
    };
    task.queries.forEach((_, i) => {
      const rel = task.relevant[i];
      const ranks = new Int32Array(rel.length).fill(1);
      const above = new Int32Array(rel.length * L);
      const pool: Array<{ pos: number; score: number }> = [];
      for (const { file, t } of parts) {
        const q = t.queries[i];
        if (q.relevant.length !== rel.length) throw new UserError(`${file}: task ${task.id} query ${i} has ${q.relevant.length} relevant documents, the corpus ${rel.length}`, { file });
        q.relevant.forEach((r, j) => {
          const mine = parts[0].t.queries[i].relevant[j].score;
          if (r.score !== mine) {
            throw new UserError(
              `${file} and ${parts[0].file} scored relevant document ${rel[j]} of query ${i} in ${task.id} differently (${r.score} vs ${mine}): exact counts need the same score on every shard`,
              { file, hint: 'score every shard with the same kernel on the same kind of machine; --backend ts gives scores that do not depend on the shard' },
            );
          }
          if (r.above.length !== L) throw new UserError(`${file}: task ${task.id} has ${r.above.length} pool languages, the corpus ${L}`, { file });
          for (let l = 0; l < L; l++) {
            above[j * L + l] += r.above[l];
            ranks[j] += r.above[l];
          }
        });
        q.top.pos.forEach((pos, j) => pool.push({ pos, score: q.top.score[j] }));
      }
      pool.sort((a, b) => b.score - a.score || a.pos - b.pos);
      if (pool.length < kk) throw new UserError(`the shards hold ${pool.length} top documents for query ${i} of ${task.id}, fewer than ${kk}`);
      for (let j = 0; j < kk; j++) {
        ranking.indices[i * kk + j] = pool[j].pos;
        ranking.scores[i * kk + j] = pool[j].score;
      }
      ranking.relevantRanks.push(ranks);
      ranking.aboveByLabel.push(above);
    });
    out.set(task.id, ranking);
  }
  return out;
}
