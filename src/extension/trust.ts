import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Restricted Mode: viewing data and saved runs works; loading a model from a workspace folder
 * (its files run in onnxruntime) and training need a trusted workspace.
 */
export async function requireTrustFor(modelSource: string): Promise<boolean> {
  if (vscode.workspace.isTrusted || !isWorkspacePath(modelSource)) return true;
  void vscode.window.showWarningMessage('XLens: loading a model from this workspace needs a trusted workspace.', 'Manage Workspace Trust').then((a) => {
    if (a) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`XLens: ${what} needs a trusted workspace.`);
  return false;
}

function isWorkspacePath(source: string): boolean {
  if (/^(builtin|precomputed|openai|tei):/.test(source)) return false;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const abs = path.resolve(folders[0] ?? '.', source);
  return folders.some((f) => abs === f || abs.startsWith(f + path.sep));
}
