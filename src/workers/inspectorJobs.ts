import { loadCorpus } from '../core/data/load';
import { addLanguageCheck, inspectCorpus, type Inspection } from '../core/data/inspect/inspect';
import { checkLanguages } from '../core/data/inspect/languageCheck';
import { eldIdentifier, type LanguageIdentifier } from '../core/data/inspect/languageId';
import { rowPage } from '../core/data/inspect/rowPage';
import type { TokenizerInfo } from '../core/data/inspect/types';
import { openModelTokenizer } from '../core/encoders/modelTokenizer';
import type { TaskOptions } from '../core/progress';
import type { JobRequest, JobResult } from './protocol';

/** Open inspector sessions (newest last); a few are kept, the oldest dropped first. */
const sessions = new Map<number, Inspection>();
const MAX_SESSIONS = 4;
let nextSession = 1;
let identifier: Promise<LanguageIdentifier> | undefined;

/** Loads and measures a corpus (skippable problems listed, not fatal: the inspector shows them). */
export async function inspectorOpen(req: Extract<JobRequest, { kind: 'inspectorOpen' }>, opts: TaskOptions): Promise<JobResult> {
  const corpus = await loadCorpus(req.data, { format: req.format, allowSkips: true, ...opts });
  const tok = await openModelTokenizer(req.model, { cwd: req.cwd });
  const info: TokenizerInfo = tok.kind === 'model' ? { kind: 'model', model: tok.counter.model, maxLength: tok.counter.maxLength } : tok;
  const inspection = await inspectCorpus(corpus, { ...opts, tokens: { info, countAll: tok.kind === 'model' ? tok.counter.countAll : undefined } });
  const session = nextSession++;
  sessions.set(session, inspection);
  for (const k of sessions.keys()) if (sessions.size > MAX_SESSIONS) sessions.delete(k);
  return { kind: 'inspectorOpen', session, summary: inspection.summary };
}

export async function inspectorLanguages(req: Extract<JobRequest, { kind: 'inspectorLanguages' }>, opts: TaskOptions): Promise<JobResult> {
  const inspection = sessions.get(req.session);
  if (!inspection) return { kind: 'inspectorLanguages', session: req.session, expired: true };
  identifier ??= eldIdentifier();
  const check = await checkLanguages(inspection.table, await identifier, { ...opts, threshold: req.threshold });
  addLanguageCheck(inspection, check);
  return { kind: 'inspectorLanguages', session: req.session, expired: false, summary: inspection.summary, languageCheck: check.summary };
}

export function inspectorRows(req: Extract<JobRequest, { kind: 'inspectorRows' }>): JobResult {
  const inspection = sessions.get(req.session);
  if (!inspection) return { kind: 'inspectorRows', session: req.session, expired: true, total: 0, rows: [] };
  const page = rowPage(inspection, req.view, req.start, Math.min(req.count, 1000), req.langs);
  return { kind: 'inspectorRows', session: req.session, expired: false, ...page };
}
