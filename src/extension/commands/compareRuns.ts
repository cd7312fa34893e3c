import * as vscode from 'vscode';
import { assertComparable, incompatibilities } from '../../core/compare/comparable';
import type { PanelRegistry } from '../panels/registry';
import type { Report } from '../../core/report/schema';
import { refOf, type RunStore } from '../runStore';
import type { TreeNode } from '../tree/xlensTree';

interface RunItem extends vscode.QuickPickItem {
  uri?: vscode.Uri;
  /** Why this run cannot be compared with A (empty when it can). */
  differs?: string[];
}

/**
 * "XLens: Compare Runs…": run A comes from the Runs tree item (or a URI) the command was invoked
 * on, else from a quick pick; run B from a second pick listing the comparable runs first. An
 * incompatible pair is refused with the differences spelled out. Opens the Compare panel beside
 * the editor.
 */
export async function compareRunsCommand(runs: RunStore, panels: PanelRegistry, arg?: unknown, argB?: unknown): Promise<void> {
  // Called with two URIs (e.g. base vs checkpoint from the training panel): no pickers.
  if (arg instanceof vscode.Uri && argB instanceof vscode.Uri) return openPair(runs, panels, arg, argB);
  // Paired tests need per-query retrieval records: bitext runs are not comparable here (yet).
  const all = (await runs.list()).filter((r) => 'scenario' in r.report);
  if (all.length < 2) {
    void vscode.window.showInformationMessage(`XLens: Compare needs two saved runs of the same dataset and scenario; ${all.length === 0 ? 'there are none yet' : 'there is one'}. Run "XLens: Evaluate…" first.`);
    return;
  }
  const describe = (r: (typeof all)[number]) => ({
    description: `${r.report.model.source} · ${new Date(r.report.createdAt).toLocaleString()}`,
    detail: vscode.workspace.asRelativePath(r.uri),
  });

  let aUri = arg instanceof vscode.Uri ? arg : (arg as TreeNode | undefined)?.kind === 'run' ? (arg as Extract<TreeNode, { kind: 'run' }>).uri : undefined;
  if (!aUri) {
    const pick = await vscode.window.showQuickPick<RunItem>(
      all.map((r) => ({ label: r.ref.label, ...describe(r), uri: r.uri })),
      { title: 'XLens: Compare Runs (1/2): run A, the baseline', matchOnDescription: true, matchOnDetail: true },
    );
    if (!pick?.uri) return;
    aUri = pick.uri;
  }
  const a = await runs.read(aUri);

  const others = await Promise.all(
    all.filter((r) => r.uri.toString() !== aUri.toString()).map(async (r) => ({ r, differs: incompatibilities(a, await fullHead(runs, r)) })),
  );
  const comparable = others.filter((o) => o.differs.length === 0);
  const not = others.filter((o) => o.differs.length > 0);
  const items: RunItem[] = [
    ...comparable.map(({ r }) => ({ label: r.ref.label, ...describe(r), uri: r.uri })),
    ...(not.length ? [{ label: 'not comparable with A', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...not.map(({ r, differs }) => ({ label: `$(error) ${r.ref.label}`, description: describe(r).description, detail: `${describe(r).detail} · differs: ${differs.join('; ')}`, uri: r.uri, differs })),
  ];
  const pickB = await vscode.window.showQuickPick<RunItem>(items, {
    title: `XLens: Compare Runs (2/2): run B, compared with A = ${vscode.workspace.asRelativePath(aUri)}`,
    placeHolder: comparable.length ? 'Runs of the same dataset, scenario and languages come first' : 'No saved run has the same dataset, scenario and languages as A',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pickB?.uri) return;
  await openPair(runs, panels, aUri, pickB.uri, a);
}

/** Open the Compare panel for two runs, or say exactly why they cannot be compared. */
async function openPair(runs: RunStore, panels: PanelRegistry, aUri: vscode.Uri, bUri: vscode.Uri, known?: Report): Promise<void> {
  const a = known ?? (await runs.read(aUri));
  const b = await runs.read(bUri);
  try {
    assertComparable(a, b, { a: vscode.workspace.asRelativePath(aUri), b: vscode.workspace.asRelativePath(bUri) });
  } catch (e) {
    void vscode.window.showErrorMessage(`XLens: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  panels.open('compare', { a: refOf(aUri, a), b: refOf(bUri, b) });
}

/** RunStore.list() holds each whole report; read the file again only if that ever changes. */
async function fullHead(runs: RunStore, r: Awaited<ReturnType<RunStore['list']>>[number]): Promise<Report> {
  const report: Partial<Report> = r.report;
  return Array.isArray(report.languages) ? (report as Report) : runs.read(r.uri);
}
