import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageDisplay } from '../../core/data/languageNames';
import { CancelledError, UserError } from '../../core/errors';
import type { InspectionSummary, InspectorData, InspectorState, LanguageCheckSummary, WebviewToHost } from '../../protocol';
import type { JobRequest, JobResult } from '../../workers/protocol';
import { engine } from '../engine';
import { settings } from '../settings';
import type { PanelBehaviour, XlensPanel } from './panel';
import type { PanelDeps } from './registry';

/** Per panel: the dataset, the engine session holding its rows, and what was last posted. */
interface Entry {
  dataset: NonNullable<InspectorState['dataset']>;
  session: Promise<number | undefined>;
  data?: InspectorData;
}

/**
 * Corpus inspector, host side. The engine worker loads and measures the corpus and keeps it
 * (a session); the panel gets the statistics, then the language check when it is done, and rows
 * page by page as the webview scrolls. A worker restart drops sessions: the next request reopens.
 * `onOpened` runs after a dataset opened without error (Open Dataset… remembers its folder).
 */
export function inspectorBehaviour(onOpened: (dataset: string) => Promise<void> = async () => {}): (deps: PanelDeps) => PanelBehaviour<unknown> {
  return (deps) => {
    const entries = new WeakMap<XlensPanel, Entry>();

    const job = async (panel: XlensPanel, title: string, request: JobRequest): Promise<JobResult | undefined> =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `XLens: ${title}`, cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        try {
          return await engine(deps.context).run(request, {
            signal: abort.signal,
            onProgress: (p) => {
              progress.report({ message: `${p.phase}${p.total ? ` ${p.done}/${p.total}` : ''}` });
              void panel.post({ type: 'progress', phase: p.phase, done: p.done, total: p.total });
            },
          });
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          if (e instanceof CancelledError) {
            void panel.post({ type: 'unavailable', message: `${title}: cancelled. Reopen the dataset to try again.` });
          } else {
            if (!(e instanceof UserError)) deps.log.error(`${title}: ${e instanceof Error ? (e.stack ?? message) : message}`);
            void vscode.window.showErrorMessage(`XLens: ${message}`);
            void panel.post({ type: 'unavailable', message: `${title} failed: ${message}` });
          }
          return undefined;
        }
      });

    const post = (panel: XlensPanel, summary: InspectionSummary, languageCheck: LanguageCheckSummary | undefined, checking: boolean) => {
      const data: InspectorData = { summary, languages: summary.languages.map((l) => languageDisplay(l.code, l.label)), languageCheck, checking };
      const e = entries.get(panel);
      if (e) e.data = data;
      return panel.post({ type: 'inspector/summary', data });
    };

    /** Opens the dataset in the engine, posts its statistics, then runs the language check. */
    const open = (panel: XlensPanel, dataset: Entry['dataset']): Entry => {
      const entry: Entry = { dataset, session: Promise.resolve(undefined) };
      entry.session = (async () => {
        const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(dataset.path);
        const name = path.basename(dataset.path);
        const opened = await job(panel, `Inspecting ${name}`, { kind: 'inspectorOpen', data: dataset.path, format: dataset.format, model: settings().defaultModel, cwd });
        if (opened?.kind !== 'inspectorOpen') return undefined;
        await post(panel, opened.summary, undefined, true);
        void onOpened(dataset.path).catch((e: unknown) => deps.log.warn(`remembering ${dataset.path}: ${String(e)}`));
        void job(panel, `Checking the languages of ${name}`, { kind: 'inspectorLanguages', session: opened.session }).then((r) => {
          if (r?.kind === 'inspectorLanguages' && r.summary && r.languageCheck) return post(panel, r.summary, r.languageCheck, false);
          if (entries.get(panel)?.data) return post(panel, entries.get(panel)!.data!.summary, undefined, false);
        });
        return opened.session;
      })();
      entries.set(panel, entry);
      return entry;
    };

    return {
      async load(panel, state) {
        const s = state as InspectorState | undefined;
        const known = entries.get(panel);
        const dataset = s?.dataset ?? known?.dataset;
        if (!dataset) {
          await panel.post({ type: 'unavailable', message: 'No dataset to inspect: use "XLens: Open Dataset…" or a dataset of the XLens side bar.' });
          return;
        }
        panel.webviewPanel.title = `Inspect: ${path.basename(dataset.path)}`;
        if (known && known.dataset.path === dataset.path && known.data) {
          await panel.post({ type: 'inspector/summary', data: known.data }); // a webview reload: the session is still there
          return;
        }
        open(panel, dataset);
      },
      async onMessage(panel, m: WebviewToHost) {
        if (m.type !== 'inspector/rows') return;
        let entry = entries.get(panel);
        if (!entry) return;
        for (let attempt = 0; attempt < 2; attempt++) {
          const session = await entry.session;
          if (session === undefined) return;
          const r = await engine(deps.context).run({ kind: 'inspectorRows', session, view: m.view, start: m.start, count: m.count, langs: m.langs });
          if (r.kind !== 'inspectorRows') return;
          if (!r.expired) {
            await panel.post({ type: 'inspector/rows', requestId: m.requestId, view: m.view, start: m.start, total: r.total, langs: m.langs, rows: r.rows });
            return;
          }
          entry = open(panel, entry.dataset); // the worker restarted: measure again, then answer
        }
      },
    };
  };
}
