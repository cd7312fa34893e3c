import * as vscode from 'vscode';
import { isRunFileName, writeRunFile } from '../core/report/runFile';
import type { BitextReport, Report } from '../core/report/schema';
import type { RunRef } from '../protocol';

/**
 * Saved evaluations: `.xlens/runs/*.json` in the workspace (the CLI's report format, so a run
 * written by `xlens eval --out .xlens/runs/x.json` shows up too). Without a workspace, runs go
 * to the extension's global storage.
 */
export class RunStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly fallback: vscode.Uri) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.xlens/runs/*.json');
    watcher.onDidCreate(() => this.changed.fire());
    watcher.onDidDelete(() => this.changed.fire());
    watcher.onDidChange(() => this.changed.fire());
  }

  folder(): vscode.Uri {
    const ws = vscode.workspace.workspaceFolders?.[0];
    return ws ? vscode.Uri.joinPath(ws.uri, '.xlens', 'runs') : vscode.Uri.joinPath(this.fallback, 'runs');
  }

  async list(): Promise<Array<{ uri: vscode.Uri; ref: RunRef; report: Pick<Report, 'dataset' | 'model' | 'scenario' | 'createdAt'> }>> {
    const folders = [...(vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, '.xlens', 'runs')), vscode.Uri.joinPath(this.fallback, 'runs')];
    const out = [];
    for (const folder of folders) {
      let entries: [string, vscode.FileType][] = [];
      try {
        entries = await vscode.workspace.fs.readDirectory(folder);
      } catch {
        continue;
      }
      for (const [name, type] of entries) {
        if (type !== vscode.FileType.File || !isRunFileName(name)) continue;
        const uri = vscode.Uri.joinPath(folder, name);
        try {
          const report = await this.read(uri);
          out.push({ uri, ref: refOf(uri, report), report });
        } catch {
          // Not an XLens report: the Runs tree lists only what it can open.
        }
      }
    }
    return out.sort((a, b) => b.report.createdAt.localeCompare(a.report.createdAt));
  }

  /** Parsed reports by URI and modification time: the tree and the pickers list runs often, and run files can be large. */
  private readonly parsed = new Map<string, { mtime: number; report: Report }>();

  async read(uri: vscode.Uri): Promise<Report> {
    const { mtime } = await vscode.workspace.fs.stat(uri);
    const hit = this.parsed.get(uri.toString());
    if (hit && hit.mtime === mtime) return hit.report;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const report = JSON.parse(text) as Report;
    if (report.tool !== 'xlens' || !report.byLanguage) throw new Error(`${uri.fsPath} is not an XLens evaluation report`);
    this.parsed.set(uri.toString(), { mtime, report });
    return report;
  }

  async save(report: Report | BitextReport): Promise<vscode.Uri> {
    // The shared atomic writer (temp file, flush, rename): the Runs tree never lists half a file.
    const uri = vscode.Uri.file(await writeRunFile(this.folder().fsPath, report));
    this.changed.fire();
    return uri;
  }
}

export function refOf(uri: vscode.Uri, r: Pick<Report, 'dataset' | 'model' | 'scenario'>): RunRef {
  return { uri: uri.toString(), label: `${r.dataset.name} · ${r.scenario ?? 'bitext'} · ${modelLabel(r.model.source)}` };
}

/** A model as users named it, shortened: the last path segment of a folder, options kept. */
export function modelLabel(source: string): string {
  const [head, opts] = source.split('?', 2);
  const short = /^[\w.-]+:/.test(head) || !head.includes('/') || /^[\w.-]+\/[\w.-]+(@[\w.-]+)?$/.test(head) ? head : head.split(/[\\/]/).filter(Boolean).pop() ?? head;
  return opts ? `${short}?${opts}` : short;
}
