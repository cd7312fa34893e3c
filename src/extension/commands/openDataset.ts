import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FormatId } from '../../core/data/corpus';
import type { PanelRegistry } from '../panels/registry';
import { datasetRoots } from '../tree/xlensTree';

/**
 * XLens: Open Dataset… — choose a corpus file or folder and open it in the corpus inspector
 * (errors name file and line). Once it has loaded, its folder is added to `xlens.dataFolders`
 * when it lies outside the scanned roots (`rememberDatasetFolder`, called by the inspector).
 */
export async function openDatasetCommand(panels: PanelRegistry): Promise<void> {
  const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: false, title: 'XLens: open a dataset', openLabel: 'Open Dataset' });
  const target = uris?.[0]?.fsPath;
  if (target) inspectDataset(panels, target);
}

/** XLens: Inspect Dataset — from the Datasets tree (its default action), an explorer file, or a picker. */
export async function inspectDatasetCommand(panels: PanelRegistry, arg?: unknown): Promise<void> {
  const node = arg as { kind?: string; dataset?: { path: string; format?: FormatId } } | undefined;
  if (node?.kind === 'dataset' && node.dataset) return inspectDataset(panels, node.dataset.path, node.dataset.format);
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return inspectDataset(panels, arg.fsPath);
  return openDatasetCommand(panels);
}

export function inspectDataset(panels: PanelRegistry, target: string, format?: FormatId): void {
  panels.open('inspector', { dataset: format ? { path: target, format } : { path: target } }, `Inspect: ${path.basename(target)}`);
}

/** Adds the dataset's folder to `xlens.dataFolders` when no scanned root holds it; true when added. */
export async function rememberDatasetFolder(target: string): Promise<boolean> {
  const inRoots = datasetRoots().some((r) => target === r || target.startsWith(r + path.sep));
  if (inRoots) return false;
  const config = vscode.workspace.getConfiguration('xlens');
  const folders = config.get<string[]>('dataFolders', []);
  if (folders.includes(path.dirname(target))) return false;
  // In Restricted Mode a workspace value of this (restricted) setting would be ignored: keep it in the user's settings.
  const inWorkspace = vscode.workspace.workspaceFolders && vscode.workspace.isTrusted;
  await config.update('dataFolders', [...folders, path.dirname(target)], inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return true;
}
