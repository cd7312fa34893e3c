import * as vscode from 'vscode';
import { engine } from '../engine';
import { comparisonCsv, comparisonMarkdown } from '../../core/compare/exportComparison';
import { DEFAULT_TEST } from '../../core/compare/pairedTests';
import { DEFAULT_CORRECTION } from '../../core/compare/correction';
import { CancelledError, UserError } from '../../core/errors';
import { matchIds } from '../../core/projection/align';
import type { CompareSettings, CompareState, RunRef } from '../../protocol';
import { alignProjection, loadProjection } from '../projectionData';
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
      await panel.post({ type: 'compare/result', a: req.a, b: req.b, comparison, exports: { md: comparisonMarkdown(comparison), csv: comparisonCsv(comparison) } });
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
      if (m.type === 'compare/run') await compute(panel, { a: m.a, b: m.b, settings: sane(m.settings) });
      else if (m.type === 'compare/projections') {
        const req = last.get(panel);
        if (req) await projections(deps, panel, req);
      }
    },
  };
}

/**
 * Both runs' projections from the projection engine (each run's corpus embedded by its model,
 * seeded UMAP, memoised), with B's layout aligned onto A's: one shared frame, so a point that sits
 * elsewhere in B moved because the models differ, not because UMAP turned the picture.
 */
async function projections(deps: PanelDeps, panel: XlensPanel, req: Request): Promise<void> {
  const [ra, rb] = await Promise.all([deps.runs.read(vscode.Uri.parse(req.a.uri)), deps.runs.read(vscode.Uri.parse(req.b.uri))]);
  const pa = await loadProjection(deps.context, deps.log, ra, { ref: req.a });
  const pb = pa && (await loadProjection(deps.context, deps.log, rb, { ref: req.b, langs: pa.request.langs }));
  if (!pa || !pb) {
    await panel.post({ type: 'compare/projectionsUnavailable', message: 'The projections were cancelled or failed (see XLens: Open Log).' });
    return;
  }
  const { points, alignment } = alignProjection(pa, pb);
  const match = new Int32Array(pa.ids.length).fill(-1);
  for (const [i, j] of matchIds(pa.ids, pb.ids)) match[i] = j;
  await panel.post({
    type: 'compare/projections',
    a: pa.points,
    b: points,
    match: match.buffer,
    alignment: { rmsd: alignment.rmsd, pairs: alignment.pairs, scale: alignment.scale, reflected: alignment.reflected },
  });
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
