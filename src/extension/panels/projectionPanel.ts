import * as vscode from 'vscode';
import type { Report } from '../../core/report/schema';
import type { NeighbourRow, PoolList, ProjectionOutcomes, ProjectionSource, ProjectionState, WebviewToHost } from '../../protocol';
import { loadDatasetProjection, loadProjection, neighbours as lookupNeighbours, poolListOf, runOutcomes, type LoadedProjection as Projection } from '../projectionData';
import type { XlensPanel, PanelBehaviour } from './panel';
import { corpusTexts } from './rankingPanel';
import type { PanelDeps } from './registry';

/** Per panel: what it shows and its projection (computed once, re-sent after webview reloads). */
interface Entry {
  source: ProjectionSource;
  projection: Promise<Projection | undefined>;
  /** The run (runs only), for outcomes and pool lists. */
  report?: Report;
}

const sameSource = (a: ProjectionSource, b: ProjectionSource) => JSON.stringify(a) === JSON.stringify(b);

/** The panel's initial or restored state as a source (a dataset wins over a stale run). */
export function sourceOf(state: ProjectionState | undefined): ProjectionSource | undefined {
  if (state?.dataset) return { kind: 'dataset', dataset: state.dataset };
  if (state?.run) return { kind: 'run', run: state.run };
  return undefined;
}

/**
 * The Projection panel's host side. On every `ready` (first open, webview reload, window
 * reload) it posts the projection of a run's corpus (with the run's per-query outcomes) or of a
 * dataset without a run, computing it in the engine worker the first time; neighbour and pool
 * requests from the webview are answered from the same projection and run.
 */
export function projectionBehaviour(deps: PanelDeps): PanelBehaviour<unknown> {
  const entries = new WeakMap<XlensPanel, Entry>();

  const projectionOf = (panel: XlensPanel, source: ProjectionSource): Entry => {
    const known = entries.get(panel);
    if (known && sameSource(known.source, source)) return known;
    const entry: Entry = { source, projection: Promise.resolve(undefined) };
    entry.projection = (async () => {
      if (source.kind === 'dataset') return loadDatasetProjection(deps.context, deps.log, source.dataset);
      const report = await deps.runs.read(vscode.Uri.parse(source.run.uri));
      entry.report = report;
      // The engine worker embeds the run's corpus with its model and lays it out (seeded UMAP)
      // under a cancellable progress notification; undefined when cancelled or failed.
      return loadProjection(deps.context, deps.log, report, { ref: source.run });
    })();
    entries.set(panel, entry);
    // A failed or cancelled computation is retried on the next `ready`.
    entry.projection.then(
      (p) => p ?? forget(panel, entry),
      () => forget(panel, entry),
    );
    return entry;
  };
  const forget = (panel: XlensPanel, e: Entry) => {
    if (entries.get(panel) === e) entries.delete(panel);
  };

  return {
    async load(panel, state) {
      const source = sourceOf(state as ProjectionState | undefined) ?? entries.get(panel)?.source;
      if (!source) {
        await panel.post({ type: 'unavailable', message: 'This panel has nothing to show. Open one with "XLens: Show Projection" (a run) or "XLens: Project Sentences…" (a dataset).' });
        return;
      }
      await panel.post({ type: 'projection/loading', source });
      let projection: Projection | undefined;
      let entry: Entry;
      try {
        entry = projectionOf(panel, source);
        projection = await entry.projection;
      } catch (e) {
        if (e instanceof vscode.FileSystemError || (e as { code?: string }).code === 'FileNotFound') {
          const what = source.kind === 'run' ? `The run ${source.run.label} is no longer available (${vscode.Uri.parse(source.run.uri).fsPath}).` : `The dataset ${source.dataset.data} is no longer available.`;
          await panel.post({ type: 'unavailable', message: what });
          return;
        }
        throw e; // XlensPanel logs it and shows it in the panel
      }
      if (!projection) {
        await panel.post({ type: 'error', message: 'The projection was cancelled or failed (see XLens: Open Log). Reopen the panel to try again.' });
        return;
      }
      const outcomes: ProjectionOutcomes | undefined = entry.report ? runOutcomes(entry.report, projection) : undefined;
      await panel.post({ type: 'projection/points', points: projection.points, outcomes });
    },

    async onMessage(panel, m: WebviewToHost) {
      if (m.type !== 'projection/neighbours' && m.type !== 'projection/pool') return;
      const entry = entries.get(panel);
      const projection = entry && (await entry.projection.catch(() => undefined));
      let error: string | undefined;
      if (m.type === 'projection/neighbours') {
        let neighbours: NeighbourRow[] = [];
        if (!projection) error = 'The projection is not loaded.';
        else {
          try {
            neighbours = await lookupNeighbours(deps.context, deps.log, projection, m.index, m.k);
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
            deps.log.warn(`projection neighbours of point ${m.index}: ${error}`);
          }
        }
        await panel.post({ type: 'projection/neighbours', requestId: m.requestId, index: m.index, neighbours, error });
        return;
      }
      let list: PoolList | undefined;
      const report = entry?.report;
      if (!projection || !report || entry.source.kind !== 'run') error = 'Pool documents are known only for a run.';
      else {
        const run = entry.source.run;
        try {
          list = await poolListOf(report, projection, m.index, m.pool, (ids) => corpusTexts(deps, run, report, ids));
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
      await panel.post({ type: 'projection/pool', requestId: m.requestId, index: m.index, list, error });
    },
  };
}
