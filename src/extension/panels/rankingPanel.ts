import { languageNamesOf } from '../../core/data/languageNames';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FormatId } from '../../core/data/corpus';
import { headlineColumns } from '../../core/report/columns';
import { metricKeysOf } from '../../core/report/csv';
import { recordsByLanguage } from '../../core/report/maxrFigures';
import { buildRankedList, findRecord, textIdsOf, worstQueries, type SourceLine } from '../../core/report/rankedList';
import type { Report } from '../../core/report/schema';
import type { RankingState, RunRef, WebviewToHost } from '../../protocol';
import { engine } from '../engine';
import { pickMtebBaseline } from './mtebBaselineDialog';
import type { XlensPanel, PanelBehaviour } from './panel';
import type { PanelDeps } from './registry';
import { dataPathRefusal, runFileOrigin } from '../trust';

/**
 * Ranking table: the run's metrics per query language (and the cross matrix) go to the webview;
 * the per-query records stay here and answer the drill-downs (worst queries, ranked lists), with
 * texts read from the corpus by the engine worker's `texts` job.
 */
export function rankingBehaviour(deps: PanelDeps): PanelBehaviour<unknown> {
  const runs = new PanelRuns();
  return {
    async load(panel, state) {
      const s = state as RankingState | undefined;
      const loaded = await runs.load(deps, panel, s?.run);
      if (!loaded) return;
      const { run, report } = loaded;
      const ks = report.completeK;
      const headline = headlineColumns(report.scenario, report.k, ks, report.pivot).filter((c) => c in report.overall || Object.values(report.byLanguage).some((v) => c in v));
      await panel.post({
        type: 'ranking/run',
        data: { run, report: withoutPerQuery(report), columns: { headline: ['queries', ...headline], all: ['queries', ...metricKeysOf(report)] }, perQuery: report.perQuery?.length ?? 0, languageNames: languageNamesOf([...report.dataset.languages.map((l) => l.code), ...Object.keys(report.byLanguage)]) },
      });
    },
    async onMessage(panel, m: WebviewToHost) {
      if (m.type === 'ranking/addBaseline') return addMtebBaseline(panel);
      if (m.type !== 'ranking/worst' && m.type !== 'ranking/openQuery') return;
      try {
        const loaded = await runs.current(deps, panel);
        if (!loaded) throw new Error('the run is no longer open');
        const { run, report } = loaded;
        if (!report.perQuery?.length) throw new Error('this run was saved without per-query records (evaluate with --per-query)');
        if (m.type === 'ranking/worst') {
          // Without a task, a language's list holds the records its table row aggregates.
          const records = m.task ? report.perQuery : (recordsByLanguage(report).get(m.lang) ?? []);
          const { rows, total } = worstQueries(records, { lang: m.lang, by: m.by, task: m.task, limit: Math.min(Math.max(1, m.limit), 500) });
          const untexted = rows.filter((r) => !r.text).map((r) => r.queryId);
          if (untexted.length) {
            const t = await corpusTexts(deps, run, report, untexted);
            for (const r of rows) r.text ||= t.texts[r.queryId] ?? '';
          }
          await panel.post({ type: 'ranking/worst', requestId: m.requestId, lang: m.lang, by: m.by, task: m.task, rows, total });
        } else {
          const record = findRecord(report.perQuery, m.queryId, m.task);
          if (!record) throw new Error(`query ${m.queryId} (${m.task}) is not in this run`);
          const t = await corpusTexts(deps, run, report, textIdsOf(record));
          await panel.post({ type: 'ranking/list', requestId: m.requestId, list: buildRankedList(record, t.texts, t.sources, t.unavailable) });
        }
      } catch (e) {
        await panel.post({ type: 'ranking/failed', requestId: m.requestId, message: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}

/** "Add MTEB baseline…": the picked file's rows go to the webview, which keeps them in its state. */
async function addMtebBaseline(panel: XlensPanel): Promise<void> {
  const picked = await pickMtebBaseline();
  if (picked) await panel.post({ type: 'ranking/baseline', ...picked });
}

/** The report without its per-query records (they stay on the host). */
export function withoutPerQuery(r: Report): Report {
  return { ...r, perQuery: undefined };
}

/**
 * Which run each open panel shows, and a small cache of parsed reports (validated by the file's
 * modification time) so drill-down clicks do not re-read a large run file.
 */
export class PanelRuns {
  private readonly byPanel = new WeakMap<XlensPanel, RunRef>();
  private readonly cache = new Map<string, { mtime: number; report: Report }>();

  /** The panel's run (from the restored state, or the one it showed before a webview reload). */
  async load(deps: PanelDeps, panel: XlensPanel, ref: RunRef | undefined): Promise<{ run: RunRef; report: Report } | undefined> {
    const run = ref ?? this.byPanel.get(panel);
    if (!run) {
      await panel.post({ type: 'unavailable', message: 'No run to show: pick one with "XLens: Show Ranking Table" or "XLens: Show Max@R Report".' });
      return undefined;
    }
    this.byPanel.set(panel, run);
    panel.webviewPanel.title = `${panelTitlePrefix(panel)}: ${run.label}`;
    try {
      return { run, report: await this.read(deps, run.uri) };
    } catch (e) {
      deps.log.warn(`${panel.kind} panel: ${run.uri}: ${e instanceof Error ? e.message : String(e)}`);
      await panel.post({ type: 'unavailable', message: `The run "${run.label}" cannot be read (deleted or not an XLens report): ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }

  async current(deps: PanelDeps, panel: XlensPanel): Promise<{ run: RunRef; report: Report } | undefined> {
    const run = this.byPanel.get(panel);
    return run ? { run, report: await this.read(deps, run.uri) } : undefined;
  }

  private async read(deps: PanelDeps, uriString: string): Promise<Report> {
    const uri = vscode.Uri.parse(uriString);
    const { mtime } = await vscode.workspace.fs.stat(uri);
    const hit = this.cache.get(uriString);
    if (hit && hit.mtime === mtime) return hit.report;
    const report = await deps.runs.read(uri);
    this.cache.delete(uriString);
    this.cache.set(uriString, { mtime, report });
    while (this.cache.size > 3) this.cache.delete(this.cache.keys().next().value!);
    return report;
  }
}

function panelTitlePrefix(panel: XlensPanel): string {
  return panel.kind === 'maxr' ? 'Max@R' : 'Ranking';
}

/** Texts and source lines of corpus units; `unavailable` says why when the corpus cannot be read. */
export async function corpusTexts(
  deps: PanelDeps,
  run: RunRef,
  report: Report,
  ids: string[],
): Promise<{ texts: Record<string, string>; sources: Record<string, SourceLine>; unavailable?: string }> {
  const data = resolveDataPath(report.dataset.path, vscode.Uri.parse(run.uri));
  if (!data) return { texts: {}, sources: {}, unavailable: `dataset not found at ${report.dataset.path}` };
  const refused = dataPathRefusal(data, runFileOrigin(vscode.Uri.parse(run.uri)));
  if (refused) return { texts: {}, sources: {}, unavailable: refused };
  try {
    const r = await engine(deps.context).run({ kind: 'texts', data, format: report.dataset.format as FormatId, ids });
    if (r.kind !== 'texts') throw new Error(`unexpected ${r.kind} result`);
    return r;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.warn(`ranking panel: texts from ${data}: ${message}`);
    return { texts: {}, sources: {}, unavailable: message };
  }
}

/**
 * A run names its dataset as the evaluation was given it; a relative path is tried against each
 * workspace folder, then against the folder holding `.xlens/runs/`.
 */
export function resolveDataPath(datasetPath: string, runUri: vscode.Uri): string | undefined {
  if (path.isAbsolute(datasetPath)) return existsSync(datasetPath) ? datasetPath : undefined;
  const candidates = [
    ...(vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, datasetPath)),
    path.resolve(path.dirname(runUri.fsPath), '..', '..', datasetPath),
  ];
  return candidates.find((c) => existsSync(c));
}
