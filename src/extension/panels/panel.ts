import * as vscode from 'vscode';
import type { HostToWebview, PanelKind, WebviewToHost } from '../../protocol';
import { panelHtml } from './html';
import { writeFileAtomic } from '../../core/util/atomicWrite';

/** What a panel kind does with its webview: send data when the page is ready, answer requests. */
export interface PanelBehaviour<S> {
  /** Called on `ready` (first load and after a window reload, with the restored state). */
  load(panel: XlensPanel, state: S | undefined): Promise<void>;
  /** Panel-specific requests; common ones (export, reveal) are handled by XlensPanel. */
  onMessage?(panel: XlensPanel, m: WebviewToHost): Promise<void>;
}

/**
 * One webview panel: the HTML shell, typed messaging, and the common requests every panel
 * makes (save an export, open a corpus line). The webview keeps its own UI state with
 * setState; VS Code hands it back to the serializer, which rebuilds the panel after a reload.
 */
export class XlensPanel {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    readonly kind: PanelKind,
    extensionUri: vscode.Uri,
    behaviour: PanelBehaviour<unknown>,
    restoredState: unknown,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const webview = webviewPanel.webview;
    webview.options = panelOptions(extensionUri);
    webview.html = panelHtml(webview, extensionUri, kind, webviewPanel.title);
    let state = restoredState;
    this.disposables.push(
      webview.onDidReceiveMessage(async (m: WebviewToHost) => {
        try {
          if (m.type === 'ready') {
            await behaviour.load(this, state);
            state = undefined; // a later `ready` (webview reload) uses the webview's own state
          } else if (m.type === 'export') await this.saveExport(m.format, m.suggestedName, m.content);
          else if (m.type === 'reveal') await revealLine(m.file, m.line);
          else await behaviour.onMessage?.(this, m);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          this.log.error(`${kind} panel: ${message}`);
          void this.post({ type: 'error', message });
        }
      }),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
  }

  post(m: HostToWebview): Thenable<boolean> {
    return this.webviewPanel.webview.postMessage(m);
  }

  private async saveExport(format: string, suggestedName: string, content: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined,
      filters: { [format.toUpperCase()]: [format] },
    });
    if (!uri) return;
    // The shared atomic writer on disk: a failed save never leaves half of the file the user had.
    if (uri.scheme === 'file') await writeFileAtomic(uri.fsPath, content);
    else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    void vscode.window.showInformationMessage(`XLens: saved ${vscode.workspace.asRelativePath(uri)}`);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

async function revealLine(file: string, line?: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
}
