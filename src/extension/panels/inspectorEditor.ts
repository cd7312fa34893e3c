import * as vscode from 'vscode';
import type { PanelRegistry } from './registry';

export const INSPECTOR_EDITOR = 'xlens.inspectorEditor';

/**
 * "Open With… → XLens Corpus Inspector" on JSONL/CSV/TSV files (an optional editor, never the
 * default): the file opens in the corpus inspector. Read-only: the inspector never edits.
 */
export function registerInspectorEditor(panels: PanelRegistry): vscode.Disposable {
  const provider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => {} }),
    resolveCustomEditor: (document, webviewPanel) => {
      panels.adopt(webviewPanel, 'inspector', { dataset: { path: document.uri.fsPath } });
    },
  };
  return vscode.window.registerCustomEditorProvider(INSPECTOR_EDITOR, provider, { webviewOptions: { retainContextWhenHidden: false } });
}
