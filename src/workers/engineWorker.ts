import { parentPort } from 'node:worker_threads';
import { loadCorpus } from '../core/data/load';
import { questionsAsParallel } from '../core/data/views';
import { openEncoder } from '../core/encoders/sources';
import { CancelledError, UserError } from '../core/errors';
import { evaluateBitext } from '../core/eval/bitextEval';
import { evaluate } from '../core/eval/evaluate';
import type { Progress } from '../core/progress';
import type { Corpus } from '../core/data/corpus';
import type { CorpusSummary, FromWorker, JobRequest, JobResult, ToWorker } from './protocol';

/**
 * The engine in a worker thread: loads, encodes, searches and scores without blocking the
 * extension host. One job at a time per message id; `cancel` aborts it.
 */
const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker thread');
const running = new Map<number, AbortController>();
const send = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    running.get(m.id)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(m.id, abort);
  const onProgress = (progress: Progress) => send({ type: 'progress', id: m.id, progress });
  run(m.request, abort.signal, onProgress)
    .then((result) => send({ type: 'done', id: m.id, result }))
    .catch((e: unknown) => {
      const kind = e instanceof UserError ? 'user' : e instanceof CancelledError ? 'cancelled' : 'internal';
      send({ type: 'failed', id: m.id, error: { kind, message: e instanceof Error ? (kind === 'internal' ? (e.stack ?? e.message) : e.message) : String(e) } });
    })
    .finally(() => running.delete(m.id));
});

async function run(req: JobRequest, signal: AbortSignal, onProgress: (p: Progress) => void): Promise<JobResult> {
  if (req.kind === 'inspect') return { kind: 'inspect', summary: summarise(await loadCorpus(req.data, { format: req.format, signal, onProgress })) };
  const langs = req.langs ? [...new Set([...req.langs, req.pivot])] : undefined;
  const corpus = await loadCorpus(req.data, { format: req.format, langs, signal, onProgress });
  const encoder = await openEncoder(req.model, { cwd: req.cwd });
  try {
    if (req.kind === 'eval') {
      if (corpus.kind !== 'qa') throw new UserError('evaluation needs a QA corpus (XQuAD, XQuAD-R, Belebele); this one holds parallel sentences', { file: req.data });
      const report = await evaluate(corpus, encoder, {
        scenario: req.scenario,
        langs: req.langs ?? corpus.languages.map((l) => l.code),
        pivot: req.pivot,
        k: req.k,
        perQuery: req.perQuery,
        backend: req.backend,
        signal,
        onProgress,
      });
      return { kind: 'eval', report };
    }
    const parallel = corpus.kind === 'qa' ? questionsAsParallel(corpus) : corpus;
    const report = await evaluateBitext(parallel, encoder, { langs: req.langs?.filter((l) => l !== req.pivot), pivot: req.pivot, signal, onProgress });
    return { kind: 'bitext', report };
  } finally {
    await encoder.dispose();
  }
}

function summarise(c: Corpus): CorpusSummary {
  const counts: Record<string, number> =
    c.kind === 'qa'
      ? { queries: c.queries.length, documents: c.docs.length }
      : { sentences: c.sets.reduce((n, s) => n + s.sentences.length, 0), sets: c.sets.length };
  return { name: c.name, path: c.path, format: c.format, kind: c.kind, languages: c.languages, counts };
}
