import { isRetrievalCorpus, type QACorpus } from '../data/corpus';
import { asGivenNotes, buildAsGiven, type JudgementSummary, type PoolSummary } from './asGiven';
import { buildTasks } from './qa';
import type { RetrievalTask, ScenarioOptions } from './types';

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
