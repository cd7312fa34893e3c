import * as vscode from 'vscode';
import { disposeEngine } from './engine';
import { evaluateCommand } from './commands/evaluate';
import { projectSentencesCommand } from './commands/projectSentences';
import { openSampleDatasetCommand, tryOnSampleCommand } from './commands/sample';
import { inspectDatasetCommand, openDatasetCommand, rememberDatasetFolder } from './commands/openDataset';
import { compareRunsCommand } from './commands/compareRuns';
import { resolveRun } from './commands/runPick';
import { trainAdapterCommand } from './commands/trainAdapter';
import { bitextBehaviour } from './panels/bitextPanel';
import { maxrBehaviour } from './panels/maxrPanel';
import { projectionBehaviour } from './panels/projectionPanel';
import { rankingBehaviour } from './panels/rankingPanel';
import { compareBehaviour } from './panels/comparePanel';
import { inspectorBehaviour } from './panels/inspectorPanel';
import { registerInspectorEditor } from './panels/inspectorEditor';
import { PanelRegistry, type PanelKindSpec } from './panels/registry';
import { trainingBehaviour } from './panels/trainingPanel';
import { RunStore, refOf } from './runStore';
import { XlensTree, type TreeNode } from './tree/xlensTree';
import { compareSelectedModels, compareWithBaseCommand } from './commands/compareModels';
import { SIDEBAR_COMPARE_VIEW, SidebarCompareView } from './views/sidebarCompare';
import { testingApi, type TestingApi } from './testing';
import { setTrustLog } from './trust';
import type { PanelKind } from '../protocol';

/**
 * Activation happens only through contributions (views, commands, restored panels); nothing
 * heavy loads here: the engine worker starts on the first job.
 */
export function activate(context: vscode.ExtensionContext): { testing: TestingApi } | undefined {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('XLens', { log: true });
  setTrustLog((line) => log.info(line));
  const runs = new RunStore(context.globalStorageUri);
  const trees = (['datasets', 'models', 'runs'] as const).map((section) => [section, new XlensTree(section, runs)] as const);
  const tree = { refresh: () => trees.forEach(([, t]) => t.refresh()) };
  const panels = new PanelRegistry({ context, runs, log }, panelKinds(async (dataset) => {
    if (await rememberDatasetFolder(dataset)) tree.refresh();
  }));
  const sidebarCompare = new SidebarCompareView(context, runs, log);
  // Several models may be selected: two show their comparison in the side bar.
  const views = trees.map(([section, t]) => vscode.window.createTreeView(`xlens.${section}`, { treeDataProvider: t, canSelectMany: section === 'models' }));

  const showRun = (kind: PanelKind, title: string) => async (arg?: unknown) => {
    const uri = await resolveRun(runs, arg, title);
    if (!uri) return;
    const report = await runs.read(uri);
    panels.open((report as { kind?: string }).kind === 'bitext' ? 'bitext' : kind, { run: refOf(uri, report) }); // a bitext run has only the Bitext panel
  };

  context.subscriptions.push(
    log,
    ...views,
    views[trees.findIndex(([section]) => section === 'models')].onDidChangeSelection((e) => void compareSelectedModels(sidebarCompare, e.selection)),
    vscode.window.registerWebviewViewProvider(SIDEBAR_COMPARE_VIEW, sidebarCompare),
    vscode.commands.registerCommand('xlens.compareWithBase', (arg?: TreeNode) => compareWithBaseCommand(sidebarCompare, arg)),
    vscode.commands.registerCommand('xlens.openLog', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('xlens.modelCacheFolder')) void disposeEngine(); // restarts with the new cache on the next job
      if (e.affectsConfiguration('xlens')) tree.refresh();
    }),
    vscode.commands.registerCommand('xlens.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('xlens.openSampleDataset', () => openSampleDatasetCommand(context, log)),
    vscode.commands.registerCommand('xlens.tryOnSample', () => tryOnSampleCommand(context, runs, log)),
    vscode.commands.registerCommand('xlens.openDataset', () => openDatasetCommand(panels)),
    vscode.commands.registerCommand('xlens.inspectDataset', (arg?) => inspectDatasetCommand(panels, arg)),
    registerInspectorEditor(panels),
    vscode.commands.registerCommand('xlens.evaluate', (arg?) => evaluateCommand(context, runs, log, arg)),
    vscode.commands.registerCommand('xlens.trainAdapter', (arg?) => trainAdapterCommand({ context, runs, log, panels, onCheckpoint: () => tree.refresh() }, arg)),
    vscode.commands.registerCommand('xlens.showRankingTable', showRun('ranking', 'XLens: run to show')),
    vscode.commands.registerCommand('xlens.showMaxRReport', showRun('maxr', 'XLens: run to report')),
    vscode.commands.registerCommand('xlens.showBitext', showRun('bitext', 'XLens: bitext run to show')),
    vscode.commands.registerCommand('xlens.showProjection', showRun('projection', 'XLens: run to project')),
    vscode.commands.registerCommand('xlens.projectSentences', (arg?) => projectSentencesCommand(context, log, panels, arg)),
    vscode.commands.registerCommand('xlens.compareRuns', (arg?, argB?) => compareRunsCommand(runs, panels, arg, argB)),
    vscode.commands.registerCommand('xlens.revealRun', async (arg?) => {
      const uri = await resolveRun(runs, arg, 'XLens: run to open');
      if (uri) await vscode.window.showTextDocument(uri);
    }),
    vscode.commands.registerCommand('xlens.deleteRun', async (arg?) => {
      const uri = await resolveRun(runs, arg, 'XLens: run to delete');
      if (!uri) return;
      const ok = await vscode.window.showWarningMessage(`Delete ${vscode.workspace.asRelativePath(uri)}?`, { modal: true }, 'Delete');
      if (ok) await vscode.workspace.fs.delete(uri, { useTrash: true });
    }),
  );
  log.info(`XLens activated in ${(performance.now() - t0).toFixed(1)} ms`);
  // Hooks for the extension-host tests (stubbing the remote-host confirmation); never in use.
  return context.extensionMode === vscode.ExtensionMode.Test ? { testing: testingApi } : undefined;
}

/** Panel kinds with their behaviours; each lives in its own file under panels/. */
function panelKinds(onDatasetOpened: (dataset: string) => Promise<void>): Partial<Record<PanelKind, PanelKindSpec>> {
  return {
    compare: { title: 'XLens: Compare', column: vscode.ViewColumn.Beside, behaviour: compareBehaviour },
    ranking: { title: 'XLens: Ranking', column: vscode.ViewColumn.Active, behaviour: rankingBehaviour },
    maxr: { title: 'XLens: Max@R', column: vscode.ViewColumn.Active, behaviour: maxrBehaviour },
    projection: { title: 'XLens: Projection', column: vscode.ViewColumn.Active, behaviour: projectionBehaviour },
    bitext: { title: 'XLens: Bitext', column: vscode.ViewColumn.Active, behaviour: bitextBehaviour },
    training: { title: 'XLens: Training', column: vscode.ViewColumn.Active, behaviour: trainingBehaviour },
    inspector: { title: 'XLens: Inspect Dataset', column: vscode.ViewColumn.Active, behaviour: inspectorBehaviour(onDatasetOpened) },
  };
}

export async function deactivate(): Promise<void> {
  await disposeEngine();
}
