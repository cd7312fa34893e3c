import * as path from 'node:path';
import * as vscode from 'vscode';
import { bitextCsv, renderBitextMarkdown } from '../../core/report/bitextExport';
import { bitextFigures } from '../../core/report/bitextFigures';
import type { BitextReport } from '../../core/report/schema';
import type { BitextState, RunRef, WebviewToHost } from '../../protocol';
import type { PanelBehaviour, XlensPanel } from './panel';
import type { PanelDeps } from './registry';

/**
 * Bitext panel: the host reads the run's bitext report, derives the heatmap cells, per-language
 * means and worst misses (core/report/bitextFigures), names the languages, and builds the
 * exports; the webview draws them.
 */
export function bitextBehaviour(deps: PanelDeps): PanelBehaviour<unknown> {
  const byPanel = new WeakMap<XlensPanel, RunRef>();
  const read = async (panel: XlensPanel, ref: RunRef | undefined): Promise<{ run: RunRef; report: BitextReport } | undefined> => {
    const run = ref ?? byPanel.get(panel);
    if (!run) {
      await panel.post({ type: 'unavailable', message: 'No bitext run to show: evaluate a parallel-sentence dataset (FLORES/SIB-200, Tatoeba) with "XLens: Evaluate…".' });
      return undefined;
    }
    byPanel.set(panel, run);
    panel.webviewPanel.title = `Bitext: ${run.label}`;
    try {
      const report = (await deps.runs.read(vscode.Uri.parse(run.uri))) as unknown as BitextReport;
      if (report.kind !== 'bitext') throw new Error('this run is not a bitext evaluation (open it with Show Ranking Table)');
      return { run, report };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      deps.log.warn(`bitext panel: ${run.uri}: ${message}`);
      await panel.post({ type: 'unavailable', message: `The run "${run.label}" cannot be shown: ${message}` });
      return undefined;
    }
  };
  return {
    async load(panel, state) {
      const loaded = await read(panel, (state as BitextState | undefined)?.run);
      if (!loaded) return;
      const { run, report } = loaded;
      await panel.post({
        type: 'bitext/run',
        data: { run, dataset: report.dataset.name, model: report.model.name, figures: bitextFigures(report), overall: report.overall, definitions: report.definitions, timings: report.timings },
      });
    },
    async onMessage(panel, m: WebviewToHost) {
      if (m.type !== 'bitext/export') return;
      const loaded = await read(panel, undefined);
      if (!loaded) return;
      const { run, report } = loaded;
      const base = path.basename(vscode.Uri.parse(run.uri).path).replace(/\.json$/i, '');
      const content = m.format === 'md' ? renderBitextMarkdown(report, bitextFigures(report)) : m.format === 'csv' ? bitextCsv(bitextFigures(report)) : JSON.stringify(report, null, 2) + '\n';
      const suggestedName = m.format === 'json' ? `${base}.report.json` : `${base}.${m.format}`;
      await panel.post({ type: 'bitext/exportContent', requestId: m.requestId, format: m.format, suggestedName, content });
    },
  };
}
