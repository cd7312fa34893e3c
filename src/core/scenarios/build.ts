import { isRetrievalCorpus, type QACorpus } from '../data/corpus';
import { asGivenNotes, buildAsGiven, type JudgementSummary, type PoolSummary } from './asGiven';
import { buildTasks } from './qa';
import type { RetrievalTask, ScenarioName, ScenarioOptions } from './types';

export interface BuiltScenario {
  tasks: RetrievalTask[];
  /** `as-given` only: what happened to every judgement, and the pool's make-up. */
  judgements?: JudgementSummary;
  pool?: PoolSummary;
  notes: string[];
}

/** The tasks of any scenario, with what the report must say about them (as-given's counts). */
export function buildScenario(corpus: QACorpus, opts: ScenarioOptions): BuiltScenario {
  if (opts.scenario === 'as-given' && isRetrievalCorpus(corpus)) {
    const a = buildAsGiven(corpus, opts);
    return { tasks: a.tasks, judgements: a.judgements, pool: a.pool, notes: asGivenNotes(a) };
  }
  return { tasks: buildTasks(corpus, opts), notes: [] };
}

/**
 * Languages to load: everything when the pool defaults to every corpus language (multilingual,
 * as-given without --pool-langs), else the query and pool languages (and the pivot).
 */
export function languagesToLoad(scenario: ScenarioName, query: string[] | undefined, pool: string[] | undefined, pivot: string): string[] | undefined {
  if ((scenario === 'multilingual' || scenario === 'as-given') && !pool) return undefined;
  if (!query && !pool) return undefined;
  if (!query && scenario !== 'multilingual' && scenario !== 'as-given') return undefined;
  // The pivot too for the parallel scenarios: bilingual's pool, and every scenario's Alignment figure.
  return [...new Set([...(query ?? []), ...(pool ?? []), ...(scenario !== 'as-given' ? [pivot] : [])])];
}
