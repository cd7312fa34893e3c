import * as vscode from 'vscode';
import type { PanelKind } from '../../protocol';
import type { RunStore } from '../runStore';
import { XlensPanel, type PanelBehaviour } from './panel';

/** What panel behaviours may use from the extension. */
export interface PanelDeps {
  context: vscode.ExtensionContext;
  runs: RunStore;
  log: vscode.LogOutputChannel;
}

export interface PanelKindSpec {
  title: string;
  /** Compare opens beside the editor; the others in the active column. */
  column: vscode.ViewColumn;
  behaviour: (deps: PanelDeps) => PanelBehaviour<unknown>;
}

/**
 * Opens panels and restores them after a window reload: each kind has a serializer that
 * rebuilds the panel from the state its webview saved with setState.
 */
export class PanelRegistry {
  private readonly behaviours = new Map<PanelKind, PanelBehaviour<unknown>>();

  constructor(
    private readonly deps: PanelDeps,
    private readonly kinds: Partial<Record<PanelKind, PanelKindSpec>>,
  ) {
    for (const [kind, spec] of Object.entries(kinds) as Array<[PanelKind, PanelKindSpec]>) {
      this.behaviours.set(kind, spec.behaviour(deps));
      deps.context.subscriptions.push(
        vscode.window.registerWebviewPanelSerializer(viewType(kind), {
          deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
            this.attach(panel, kind, state);
          },
        }),
      );
    }
  }

  open(kind: PanelKind, initialState: unknown, title?: string): XlensPanel {
    const spec = this.kinds[kind];
    if (!spec) throw new Error(`no panel kind ${kind}`);
    const panel = vscode.window.createWebviewPanel(viewType(kind), title ?? spec.title, spec.column, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.deps.context.extensionUri, 'media')],
    });
    return this.attach(panel, kind, initialState);
  }

  /** A webview panel VS Code created (a custom editor's) becomes a panel of `kind`. */
  adopt(panel: vscode.WebviewPanel, kind: PanelKind, initialState: unknown): XlensPanel {
    return this.attach(panel, kind, initialState);
  }

  private attach(panel: vscode.WebviewPanel, kind: PanelKind, state: unknown): XlensPanel {
    panel.iconPath = vscode.Uri.joinPath(this.deps.context.extensionUri, 'media', 'xlens.svg');
    return new XlensPanel(panel, kind, this.deps.context.extensionUri, this.behaviours.get(kind)!, state, this.deps.log);
  }
}

export function viewType(kind: PanelKind): string {
  return `xlens.${kind}`;
}
