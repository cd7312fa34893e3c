import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_CORRECTION } from '../../core/compare/correction';
import { checkpointKey, latestComparablePair, modelKey, type SavedRun } from '../../core/compare/latestPair';
import { DEFAULT_TEST } from '../../core/compare/pairedTests';
import { languageNamesOf } from '../../core/data/languageNames';
import { CancelledError, UserError } from '../../core/errors';
import type { Report } from '../../core/report/schema';
import type { ComparedModel, ComparedRun, SidebarCompareData, WebviewToHost } from '../../protocol';
import { engine } from '../engine';
import { panelHtml } from '../panels/html';
import { panelOptions } from '../panels/panel';
import { withModelSettings } from '../modelSource';
import { modelLabel, refOf, type RunStore } from '../runStore';

export const SIDEBAR_COMPARE_VIEW = 'xlens.compareView';

/** A model node of the Models tree (its source, and whether it is a checkpoint folder). */
export interface ModelPick {
  source: string;
  checkpoint: boolean;
}

/**
 * The side-bar comparison (a WebviewView in the XLens container): two models picked in the
 * Models tree, the latest saved runs of both that Compare accepts (core/compare/latestPair.ts),
 * and the engine's paired tests on them (the `xlens compare` engine, in the worker, default test
 * and Holm correction). "Open full comparison" opens the Compare panel on the same two runs.
 */
export class SidebarCompareView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private models: [ModelPick, ModelPick] | undefined;
  private pair: [ComparedRun, ComparedRun] | undefined;
  private data: SidebarCompareData = { state: 'idle', message: 'Select two models in the Models tree (Ctrl/Cmd-click), or right-click a checkpoint: Compare with Base.' };
  private running: AbortController | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: RunStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    runs.onDidChange(() => {
      if (this.models) void this.update();
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = panelOptions(this.context.extensionUri);
    view.webview.html = panelHtml(view.webview, this.context.extensionUri, 'sidebarCompare', 'XLens: Compare Models');
    view.webview.onDidReceiveMessage((m: WebviewToHost) => void this.onMessage(m));
    view.onDidDispose(() => (this.view = undefined));
  }

  /** Compare B against A (A is the baseline: a checkpoint's base model). */
  async show(a: ModelPick, b: ModelPick): Promise<void> {
    this.models = [a, b];
    // The view starts collapsed (no webview until used): focusing it expands and resolves it.
    if (!this.view?.visible) await vscode.commands.executeCommand(`${SIDEBAR_COMPARE_VIEW}.focus`);
    await this.update();
  }

  /** Fewer or more than two models selected. */
  clear(message: string): void {
    this.models = undefined;
    this.pair = undefined;
    this.running?.abort();
    void this.post({ state: 'idle', message });
  }

  private async post(data: SidebarCompareData): Promise<void> {
    this.data = data;
    await this.view?.webview.postMessage({ type: 'sidebarCompare/show', data });
  }

  private async onMessage(m: WebviewToHost): Promise<void> {
    if (m.type === 'ready') return void this.post(this.data);
    if (m.type === 'sidebarCompare/openFull' && this.pair) {
      await vscode.commands.executeCommand('xlens.compareRuns', vscode.Uri.parse(this.pair[0].run.uri), vscode.Uri.parse(this.pair[1].run.uri));
    } else if (m.type === 'sidebarCompare/evaluate' && this.models) {
      const model = this.models[m.side === 'a' ? 0 : 1];
      await vscode.commands.executeCommand('xlens.evaluate', { kind: 'model', source: model.source, origin: model.checkpoint ? 'checkpoint' : 'configured' });
    } else if (m.type === 'sidebarCompare/swap' && this.models) {
      this.models = [this.models[1], this.models[0]];
      await this.update();
    }
  }

  private async update(): Promise<void> {
    if (!this.models) return;
    const [a, b] = this.models.map(described) as [ComparedModel, ComparedModel];
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    // A tree source as Evaluate… would run it (the dtype setting appended), then keyed as runs are.
    const keyOf = (m: ModelPick) => (m.checkpoint ? checkpointKey(m.source) : modelKey({ source: withModelSettings(m.source, cwd) }));
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    this.pair = undefined;
    const saved = await this.runs.list();
    // RunStore.list() holds each whole report (see compareRuns.ts fullHead); bitext runs lack `languages` and are skipped by kind.
    const runs: SavedRun[] = saved.map((r) => ({ id: r.uri.toString(), report: r.report as Report }));
    const found = latestComparablePair(runs, keyOf(this.models[0]), keyOf(this.models[1]), { a: a.label, b: b.label });
    if (!found.found) return this.post({ state: 'missing', a, b, message: found.message, differs: found.differs, runsA: found.runsA, runsB: found.runsB });
    const side = (r: SavedRun): ComparedRun => {
      const uri = vscode.Uri.parse(r.id);
      return { run: refOf(uri, r.report), file: path.basename(uri.fsPath), createdAt: r.report.createdAt, source: r.report.model.source };
    };
    const runA = side(found.a);
    const runB = side(found.b);
    this.pair = [runA, runB];
    await this.post({ state: 'computing', a, b, runA, runB, dataset: found.a.report.dataset.name, scenario: found.a.report.scenario });
    try {
      const result = await engine(this.context).run(
        { kind: 'compare', a: vscode.Uri.parse(found.a.id).fsPath, b: vscode.Uri.parse(found.b.id).fsPath, names: { a: runA.file, b: runB.file }, ...DEFAULT_TEST, correction: DEFAULT_CORRECTION },
        { signal: abort.signal, onProgress: () => undefined },
      );
      if (abort.signal.aborted) return;
      if (result.kind !== 'compare') throw new Error(`unexpected engine result ${result.kind}`);
      await this.post({ state: 'result', a, b, runA, runB, comparison: result.comparison, languageNames: languageNamesOf(result.comparison.languages) });
    } catch (e) {
      if (e instanceof CancelledError || abort.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      if (!(e instanceof UserError)) this.log.error(`side-bar compare: ${message}`);
      await this.post({ state: 'failed', a, b, message });
    } finally {
      if (this.running === abort) this.running = undefined;
    }
  }
}

function described(m: ModelPick): ComparedModel {
  return { source: m.source, label: modelLabel(m.source), checkpoint: m.checkpoint };
}
