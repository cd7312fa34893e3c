import * as vscode from 'vscode';
import type { RunStore } from '../runStore';
import type { TreeNode } from '../tree/xlensTree';

/** A command's run argument: a URI, a Runs tree item, or (from the palette) a quick pick. */
export async function resolveRun(runs: RunStore, arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as TreeNode | undefined;
  if (node?.kind === 'run') return node.uri;
  const all = await runs.list();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('XLens: no saved runs yet. Run "XLens: Evaluate…" first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((r) => ({ label: r.ref.label, description: new Date(r.report.createdAt).toLocaleString(), uri: r.uri })),
    { title },
  );
  return pick?.uri;
}
