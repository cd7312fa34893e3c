import * as vscode from 'vscode';
import type { NeighbourRow, ProjectionState, RunRef, WebviewToHost } from '../../protocol';
import { loadProjection, neighbours as lookupNeighbours, type LoadedProjection as Projection } from '../projectionData';
import type { XlensPanel, PanelBehaviour } from './panel';
import type { PanelDeps } from './registry';

/** Per panel: the run it shows and its projection (computed once, re-sent after webview reloads). */
interface Entry {
  run: RunRef;
  projection: Promise<Projection | undefined>;
}

/**
 * The Projection panel's host side. On every `ready` (first open, webview reload, window
 * reload) it posts the run's projection, computing it in the engine worker the first time;
 * neighbour requests from the webview are answered from the same projection.
 */
export function projectionBehaviour(deps: PanelDeps): PanelBehaviour<unknown> {
  const entries = new WeakMap<XlensPanel, Entry>();

  const projectionOf = (panel: XlensPanel, run: RunRef): Promise<Projection | undefined> => {
    const known = entries.get(panel);
    if (known && known.run.uri === run.uri) return known.projection;
    const projection = (async () => {
      const report = await deps.runs.read(vscode.Uri.parse(run.uri));
      // The engine worker embeds the run's corpus with its model and lays it out (seeded UMAP)
      // under a cancellable progress notification; undefined when cancelled or failed.
      return loadProjection(deps.context, deps.log, report, { ref: run });
    })();
    entries.set(panel, { run, projection });
    // A failed or cancelled computation is retried on the next `ready`.
    projection.then(
      (p) => p ?? forget(panel, projection),
      () => forget(panel, projection),
    );
    return projection;
  };
  const forget = (panel: XlensPanel, p: Promise<Projection | undefined>) => {
    if (entries.get(panel)?.projection === p) entries.delete(panel);
  };

  return {
    async load(panel, state) {
      const run = (state as ProjectionState | undefined)?.run ?? entries.get(panel)?.run;
      if (!run) {
        await panel.post({ type: 'unavailable', message: 'This panel has no run. Open one with "XLens: Show Projection".' });
        return;
      }
      await panel.post({ type: 'projection/loading', run });
      let projection: Projection | undefined;
      try {
        projection = await projectionOf(panel, run);
      } catch (e) {
        if (e instanceof vscode.FileSystemError || (e as { code?: string }).code === 'FileNotFound') {
          await panel.post({ type: 'unavailable', message: `The run ${run.label} is no longer available (${vscode.Uri.parse(run.uri).fsPath}).` });
          return;
        }
        throw e; // XlensPanel logs it and shows it in the panel
      }
      if (!projection) {
        await panel.post({ type: 'error', message: 'The projection was cancelled or failed (see XLens: Open Log). Reopen the panel to try again.' });
        return;
      }
      await panel.post({ type: 'projection/points', points: projection.points });
    },

    async onMessage(panel, m: WebviewToHost) {
      if (m.type !== 'projection/neighbours') return;
      const entry = entries.get(panel);
      const projection = entry && (await entry.projection.catch(() => undefined));
      let neighbours: NeighbourRow[] = [];
      let error: string | undefined;
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
    },
  };
}
