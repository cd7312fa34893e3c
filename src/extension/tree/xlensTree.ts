import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelCacheDir } from '../../core/encoders/cache/paths';
import * as vscode from 'vscode';
import { discoverDatasets, type FoundDataset } from '../../core/data/discover';
import type { RunStore } from '../runStore';
import { settings } from '../settings';

export type TreeSection = 'datasets' | 'models' | 'runs';

export type TreeNode =
  | { kind: 'dataset'; dataset: FoundDataset }
  | { kind: 'model'; source: string; origin: 'configured' | 'default' | 'checkpoint' | 'cached' }
  | { kind: 'run'; uri: vscode.Uri; label: string; description: string };

/**
 * One view of the XLens side bar: Datasets found in the workspace (and `xlens.dataFolders`),
 * Models (configured sources, the default, checkpoints under `.xlens/checkpoints/`), or saved
 * Runs. Each is its own view so that, when empty, its `viewsWelcome` says what to do next.
 * Context values drive the item menus in package.json.
 */
export class XlensTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly section: TreeSection,
    private readonly runs: RunStore,
  ) {
    runs.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    switch (n.kind) {
      case 'dataset': {
        const item = new vscode.TreeItem(path.basename(n.dataset.path));
        item.description = n.dataset.format;
        item.tooltip = n.dataset.path;
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'dataset';
        item.resourceUri = vscode.Uri.file(n.dataset.path);
        item.command = { command: 'xlens.inspectDataset', title: 'Inspect Dataset', arguments: [n] };
        return item;
      }
      case 'model': {
        const item = new vscode.TreeItem(n.source);
        item.description = n.origin;
        item.iconPath = new vscode.ThemeIcon(n.origin === 'checkpoint' ? 'package' : 'symbol-namespace');
        // `model.checkpoint` adds "Compare with Base"; menus match both with /^model/.
        item.contextValue = n.origin === 'checkpoint' ? 'model.checkpoint' : 'model';
        item.tooltip = n.source;
        return item;
      }
      case 'run': {
        const item = new vscode.TreeItem(n.label);
        item.description = n.description;
        item.tooltip = n.uri.fsPath;
        item.iconPath = new vscode.ThemeIcon('graph');
        item.contextValue = 'run';
        item.command = { command: 'xlens.showRankingTable', title: 'Show Ranking Table', arguments: [n] };
        return item;
      }
    }
  }

  async getChildren(n?: TreeNode): Promise<TreeNode[]> {
    if (n) return [];
    if (this.section === 'datasets') return discoverDatasets(datasetRoots()).map((dataset): TreeNode => ({ kind: 'dataset', dataset }));
    if (this.section === 'models') return modelNodes();
    const runs = await this.runs.list();
    return runs.map((r) => ({
      kind: 'run',
      uri: r.uri,
      label: r.ref.label,
      description: new Date(r.report.createdAt).toLocaleString(),
    }));
  }
}

/** Where datasets are looked for: the workspace folders and the `xlens.dataFolders` setting. */
export function datasetRoots(): string[] {
  const ws = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const base = ws[0] ?? process.cwd();
  return [...ws, ...settings().dataFolders.map((d) => path.resolve(base, d))];
}

async function modelNodes(): Promise<TreeNode[]> {
  const s = settings();
  const nodes: TreeNode[] = [{ kind: 'model', source: s.defaultModel, origin: 'default' }];
  for (const m of s.modelSources) if (m !== s.defaultModel) nodes.push({ kind: 'model', source: m, origin: 'configured' });
  for (const id of cachedHubModels(s.modelCacheFolder || undefined)) if (!nodes.some((n) => n.kind === 'model' && n.source === id)) nodes.push({ kind: 'model', source: id, origin: 'cached' });
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const dir = vscode.Uri.joinPath(f.uri, '.xlens', 'checkpoints');
    try {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(dir))
        if (type === vscode.FileType.Directory) nodes.push({ kind: 'model', source: vscode.Uri.joinPath(dir, name).fsPath, origin: 'checkpoint' });
    } catch {
      // no checkpoints yet
    }
  }
  return nodes;
}

/** Hugging Face models already downloaded into XLens's cache (`<cache>/models/<org>/<name>/config.json`). */
function cachedHubModels(cacheRoot: string | undefined): string[] {
  const root = modelCacheDir(cacheRoot);
  const out: string[] = [];
  const dirs = (p: string) => {
    try {
      return fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return [];
    }
  };
  for (const org of dirs(root)) for (const name of dirs(path.join(root, org))) if (fs.existsSync(path.join(root, org, name, 'config.json'))) out.push(`${org}/${name}`);
  return out;
}
