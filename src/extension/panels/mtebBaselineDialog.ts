import * as vscode from 'vscode';
import { readMtebBaseline, type MtebBaseline } from '../../core/report/mtebBaseline';

/**
 * "Add MTEB baseline…" (Ranking and Compare panels): the user picks a published MTEB TaskResult
 * JSON; it is only read (a local or workspace file, nothing fetched) and parsed. Undefined when
 * the dialog is cancelled; `error` (a UserError's message naming the file) when it is unusable.
 */
export async function pickMtebBaseline(): Promise<{ baseline?: MtebBaseline; error?: string } | undefined> {
  const uris = await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
    filters: { 'MTEB result (JSON)': ['json'] }, title: 'XLens: MTEB result file (TaskResult JSON)', openLabel: 'Add MTEB Baseline',
  });
  const uri = uris?.[0];
  if (!uri) return undefined;
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return { baseline: readMtebBaseline(text, uri.scheme === 'file' ? uri.fsPath : uri.toString()) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
