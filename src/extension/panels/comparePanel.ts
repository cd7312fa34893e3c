import { languageNamesOf } from '../../core/data/languageNames';
import * as vscode from 'vscode';
import { engine } from '../engine';
import { comparisonCsv, comparisonMarkdown } from '../../core/compare/exportComparison';
import { DEFAULT_TEST } from '../../core/compare/pairedTests';
import { DEFAULT_CORRECTION } from '../../core/compare/correction';
import { CancelledError, UserError } from '../../core/errors';
import type { CompareSettings, CompareState, RunRef } from '../../protocol';
import * as path from 'node:path';
import type { FormatId } from '../../core/data/corpus';
import { FORMATS } from '../../core/data/detect';
import type { JobRequest, JobResult } from '../../workers/protocol';
import { runJob } from '../jobs';
import { approveDataPath, approveModel, runFileOrigin } from '../trust';
import { pickMtebBaseline } from './mtebBaselineDialog';
import type { XlensPanel, PanelBehaviour } from './panel';
import type { PanelDeps } from './registry';

interface Request {
  a: RunRef;
  b: RunRef;
  settings: CompareSettings;
}

/**
 * The Compare panel's host side: reads both run files, runs the paired tests (chunked, so the
 * extension host stays responsive; a newer request or closing the panel cancels the older one)
 * and posts the comparison with its Markdown and CSV exports; on request, both runs' projections
 * in one shared layout.
 */
export function compareBehaviour(deps: PanelDeps): PanelBehaviour<CompareState> {
  // The last request per panel: a webview re-created while its panel lives (hidden, then shown)
  // sends `ready` without state, and gets the same comparison again.
  const last = new WeakMap<XlensPanel, Request>();
  const running = new WeakMap<XlensPanel, AbortController>();

  const compute = async (panel: XlensPanel, req: Request): Promise<void> => {
    if (!last.has(panel)) panel.webviewPanel.onDidDispose(() => running.get(panel)?.abort());
    last.set(panel, req);
    running.get(panel)?.abort();
    const abort = new AbortController();
    running.set(panel, abort);
    let lastPost = 0;
    try {
      const t0 = performance.now();
      // The tests run in the engine worker (it reads both run files too): the host stays free.
      const result = await engine(deps.context).run(
        {
          kind: 'compare',
          a: vscode.Uri.parse(req.a.uri).fsPath,
          b: vscode.Uri.parse(req.b.uri).fsPath,
          names: { a: fileName(req.a), b: fileName(req.b) },
          ...req.settings,
        },
        {
          signal: abort.signal,
          onProgress: (p) => {
            if (performance.now() - lastPost < 100) return;
            lastPost = performance.now();
            void panel.post({ type: 'progress', phase: p.phase, done: p.done, total: p.total });
          },
        },
      );
      if (result.kind !== 'compare') throw new Error(`unexpected engine result ${result.kind}`);
      const comparison = result.comparison;
      const a = { model: { name: result.models.a } };
      const b = { model: { name: result.models.b } };
      deps.log.info(`compare ${fileName(req.a)} → ${fileName(req.b)}: ${comparison.test.method}, ${comparison.test.samples} samples in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      // Two variants of one model share its name: then their files tell them apart.
      const names = a.model.name === b.model.name ? [fileName(req.a), fileName(req.b)].map((f) => f.replace(/\.json$/, '')) : [a.model.name, b.model.name];
      panel.webviewPanel.title = `XLens: Compare ${names[0]} → ${names[1]}`;
      await panel.post({ type: 'compare/result', a: req.a, b: req.b, comparison, exports: { md: comparisonMarkdown(comparison), csv: comparisonCsv(comparison) }, languageNames: languageNamesOf([...comparison.languages, ...(comparison.pivot ? [comparison.pivot] : [])]) });
    } catch (e) {
      if (e instanceof CancelledError) return;
      if (e instanceof UserError) {
        void panel.post({ type: 'unavailable', message: e.message });
        return;
      }
      throw e;
    } finally {
      if (running.get(panel) === abort) running.delete(panel);
    }
  };

  return {
    async load(panel, state) {
      const req = state?.a && state.b ? { a: state.a, b: state.b, settings: sane(state.settings ?? DEFAULT_TEST) } : last.get(panel);
      if (!req) {
        await panel.post({ type: 'unavailable', message: 'No runs to compare: run "XLens: Compare Runs…" and pick two runs.' });
        return;
      }
      await compute(panel, req);
    },
    async onMessage(panel, m) {
      if (m.type === 'compare/addBaseline') {
        const picked = await pickMtebBaseline();
        if (picked) await panel.post({ type: 'compare/baseline', ...picked });
      } else if (m.type === 'compare/run') await compute(panel, { a: m.a, b: m.b, settings: sane(m.settings) });
      else if (m.type === 'compare/projections') {
        const req = last.get(panel);
        if (req) await projections(deps, panel, req);
      }
    },
  };
}

type PairResult = Extract<JobResult, { kind: 'projectPair' }>;
/** The last joint layouts by request: a panel restored after a reload asks again and gets them at once. */
const pairMemo = new Map<string, Promise<PairResult | undefined>>();

/**
 * Both runs' projections of the same points, laid out jointly in the engine worker (each point
 * pulled toward its position in the other layout, AlignedUMAP-style), with each point's
 * displacement and the noise baseline (run A's model laid out jointly with itself).
 */
async function projections(deps: PanelDeps, panel: XlensPanel, req: Request): Promise<void> {
  const [ra, rb] = await Promise.all([deps.runs.read(vscode.Uri.parse(req.a.uri)), deps.runs.read(vscode.Uri.parse(req.b.uri))]);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const runDir = path.dirname(vscode.Uri.parse(req.a.uri).fsPath);
  const data = path.resolve(folder ?? runDir, ra.dataset.path);
  const cwd = folder ?? path.dirname(data);
  // Both run files are workspace content: their dataset path and models go through the source policy (sourcePolicy.ts).
  const originA = runFileOrigin(vscode.Uri.parse(req.a.uri));
  const modelA = approveDataPath(data, originA) ? await approveModel(ra.model.source, originA, cwd) : undefined;
  const modelB = modelA === undefined ? undefined : await approveModel(rb.model.source, runFileOrigin(vscode.Uri.parse(req.b.uri)), cwd);
  if (modelA === undefined || modelB === undefined) {
    await panel.post({ type: 'compare/projectionsUnavailable', message: 'The projections need a trusted workspace (or your confirmation) to run these models on this dataset.' });
    return;
  }
  const request: Extract<JobRequest, { kind: 'projectPair' }> = {
    kind: 'projectPair',
    data,
    format: ra.dataset.format in FORMATS ? (ra.dataset.format as FormatId) : undefined,
    models: { a: modelA, b: modelB },
    langs: [...new Set([...ra.languages, ...(ra.pivot ? [ra.pivot] : [])])],
    runs: { a: req.a, b: req.b },
    cwd,
  };
  const key = JSON.stringify({ ...request, runs: undefined });
  let pending = pairMemo.get(key);
  if (!pending) {
    const t0 = performance.now();
    pending = runJob(deps.context, deps.log, `Laying out ${ra.model.name} and ${rb.model.name} jointly`, request).then((r) => {
      if (r?.kind !== 'projectPair') return undefined;
      deps.log.info(`compare projections: ${r.a.texts.length} points, joint layout and baseline in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    });
    // A failed job is not remembered: asking again runs it again.
    pending.catch(() => pairMemo.delete(key));
    pairMemo.set(key, pending);
    if (pairMemo.size > 2) pairMemo.delete(pairMemo.keys().next().value as string);
  }
  const r = await pending;
  if (!r) {
    pairMemo.delete(key);
    await panel.post({ type: 'compare/projectionsUnavailable', message: 'The projections were cancelled or failed (see XLens: Open Log).' });
    return;
  }
  // The memo may hold the same layout for swapped refs' labels: post this request's refs.
  await panel.post({ type: 'compare/projections', a: { ...r.a, run: req.a }, b: { ...r.b, run: req.b }, displacement: r.displacement.slice(0), baseline: r.baseline.slice(0), layout: r.layout });
}

/** Settings from the webview, kept within what the test can do in reasonable time. */
function sane(s: CompareSettings): CompareSettings {
  const method = s.method === 'paired-bootstrap' ? 'paired-bootstrap' : 'randomization';
  const samples = Number.isFinite(s.samples) ? Math.min(1_000_000, Math.max(100, Math.floor(s.samples))) : DEFAULT_TEST.samples;
  const correction = s.correction === 'bh' || s.correction === 'none' ? s.correction : DEFAULT_CORRECTION;
  return { method, samples, seed: Number.isInteger(s.seed) ? s.seed : DEFAULT_TEST.seed, correction };
}

function fileName(ref: RunRef): string {
  return ref.uri.slice(ref.uri.lastIndexOf('/') + 1);
}
