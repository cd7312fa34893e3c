import * as path from 'node:path';
import * as vscode from 'vscode';
import { runJob } from '../jobs';
import { datasetRoots } from '../tree/xlensTree';

/**
 * XLens: Open Dataset… — choose a corpus file or folder, check it loads (errors name file and
 * line), and add its folder to `xlens.dataFolders` when it lies outside the scanned roots.
 */
export async function openDatasetCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, refresh: () => void): Promise<void> {
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, title: 'XLens: open a dataset', openLabel: 'Open Dataset' });
  const target = uris?.[0]?.fsPath;
  if (!target) return;
  const result = await runJob(context, log, `Reading ${path.basename(target)}`, { kind: 'inspect', data: target });
  if (result?.kind !== 'inspect') return;
  const s = result.summary;
  const inRoots = datasetRoots().some((r) => target === r || target.startsWith(r + path.sep));
  if (!inRoots) {
    const config = vscode.workspace.getConfiguration('xlens');
    const folders = config.get<string[]>('dataFolders', []);
    // In Restricted Mode a workspace value of this (restricted) setting would be ignored: keep it in the user's settings.
    const inWorkspace = vscode.workspace.workspaceFolders && vscode.workspace.isTrusted;
    await config.update('dataFolders', [...folders, path.dirname(target)], inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }
  refresh();
  const counts = Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ');
  log.info(`dataset ${s.path}: ${s.format}, ${s.languages.length} languages, ${counts}`);
  const action = await vscode.window.showInformationMessage(`XLens: ${s.name} (${s.format}): ${s.languages.length} languages, ${counts}.`, ...(s.kind === 'qa' ? ['Evaluate…'] : []));
  if (action) await vscode.commands.executeCommand('xlens.evaluate', { kind: 'dataset', dataset: { path: target, format: s.format } });
}
