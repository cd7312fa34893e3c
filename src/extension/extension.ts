import * as vscode from 'vscode';

/**
 * Extension entry point. Activation happens only through contributions (no `*`); the engine
 * and its heavy dependencies load on first use.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('XLens', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('xlens.openLog', () => log.show()),
  );
  log.info('XLens activated');
}

export function deactivate(): void {}
