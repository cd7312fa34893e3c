import { languageNamesOf } from '../../core/data/languageNames';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportCsv } from '../../core/report/csv';
import { maxrFigures } from '../../core/report/maxrFigures';
import { maxrColumns, renderMaxrMarkdown } from '../../core/report/maxrMarkdown';
import type { MaxrState, WebviewToHost } from '../../protocol';
import type { PanelBehaviour } from './panel';
import { PanelRuns, withoutPerQuery } from './rankingPanel';
import type { PanelDeps } from './registry';

/**
 * Max@R report: the host computes the Complete@K curve and MaxRank histograms from the run's
 * per-query records and builds exports (Markdown, CSV, the report JSON); the webview passes an
 * export on to the common `export` message, which shows the save dialog.
 */
export function maxrBehaviour(deps: PanelDeps): PanelBehaviour<unknown> {
  const runs = new PanelRuns();
  return {
    async load(panel, state) {
      const loaded = await runs.load(deps, panel, (state as MaxrState | undefined)?.run);
      if (!loaded) return;
      const { run, report } = loaded;
      await panel.post({ type: 'maxr/run', data: { run, report: withoutPerQuery(report), figures: maxrFigures(report), columns: maxrColumns(report), languageNames: languageNamesOf([...report.dataset.languages.map((l) => l.code), ...Object.keys(report.byLanguage)]) } });
    },
    async onMessage(panel, m: WebviewToHost) {
      if (m.type !== 'maxr/export') return;
      const loaded = await runs.current(deps, panel);
      if (!loaded) throw new Error('the run is no longer open');
      const { run, report } = loaded;
      const base = path.basename(vscode.Uri.parse(run.uri).path).replace(/\.json$/i, '');
      const content =
        m.format === 'md' ? renderMaxrMarkdown(report, maxrFigures(report)) : m.format === 'csv' ? reportCsv(report) : JSON.stringify(report, null, 2) + '\n';
      const suggestedName = m.format === 'json' ? `${base}.report.json` : `${base}.${m.format}`;
      await panel.post({ type: 'maxr/exportContent', requestId: m.requestId, format: m.format, suggestedName, content });
    },
  };
}
