import * as vscode from 'vscode';
import { UserError } from '../core/errors';
import {
  confirmationMessage,
  judgeChain,
  judgeDataPath,
  sourceChain,
  type PolicyContext,
  type RemoteConfirmation,
  type SourceOrigin,
} from './sourcePolicy';

/**
 * Restricted Mode and confirmations (the rules are in `sourcePolicy.ts`): viewing data and saved
 * runs works untrusted; what a run file, checkpoint manifest or workspace setting names is
 * opened only as those rules allow, and a remote endpoint it names is contacted only after the
 * user confirms the host in a modal dialog.
 */
export type { SourceOrigin } from './sourcePolicy';

/** Asks whether texts may go to a host; the extension-host tests replace it (see `testingApi`). */
export type ConfirmRemote = (message: string, confirmation: RemoteConfirmation) => Promise<boolean>;

const askModal: ConfirmRemote = async (message, c) => {
  const send = `Send to ${c.host}`;
  return (await vscode.window.showWarningMessage(message, { modal: true }, send)) === send;
};
let confirmRemote: ConfirmRemote = askModal;

/** Every decision taken, newest last (for the log and the extension-host tests). */
export interface TrustDecision {
  source: string;
  origin: SourceOrigin;
  outcome: 'allowed' | 'refused' | 'declined';
  reason?: string;
  hosts: string[];
}
const decisions: TrustDecision[] = [];
let log: ((line: string) => void) | undefined;

export function setTrustLog(write: (line: string) => void): void {
  log = write;
}

function policyContext(): PolicyContext {
  return { trusted: vscode.workspace.isTrusted, workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) };
}

function record(d: TrustDecision): void {
  decisions.push(d);
  if (decisions.length > 100) decisions.shift();
  log?.(`trust: ${JSON.stringify(d.source)} named by ${d.origin.kind === 'user' ? 'you' : d.origin.what}: ${d.outcome}${d.reason ? ` (${d.reason})` : ''}`);
}

/**
 * The source to hand to the engine, or undefined when it may not be opened (the user has been
 * told why) or the user declined a remote host. Hosts confirmed once for the same file are not
 * asked about again in this session.
 */
export async function approveModel(source: string, origin: SourceOrigin, cwd: string): Promise<string | undefined> {
  let verdict;
  try {
    verdict = judgeChain(sourceChain(source, origin, cwd), policyContext());
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    record({ source, origin, outcome: 'refused', reason: e.message, hosts: [] });
    void vscode.window.showErrorMessage(`XLens: ${e.message}`);
    return undefined;
  }
  if (!verdict.ok) {
    record({ source, origin, outcome: 'refused', reason: verdict.reason, hosts: [] });
    warnUntrusted(verdict.reason);
    return undefined;
  }
  const hosts = verdict.confirm.map((c) => c.host);
  for (const c of verdict.confirm) {
    const key = `${c.url}\n${c.what}`;
    if (confirmed.has(key)) continue;
    if (!(await confirmRemote(confirmationMessage(c), c))) {
      record({ source, origin, outcome: 'declined', hosts });
      return undefined;
    }
    confirmed.add(key);
  }
  record({ source, origin, outcome: 'allowed', hosts });
  return verdict.model;
}
const confirmed = new Set<string>();

/** Whether a dataset named by `origin` may be read (told to the user when not). */
export function approveDataPath(file: string, origin: SourceOrigin): boolean {
  const reason = dataPathRefusal(file, origin);
  if (reason) warnUntrusted(reason);
  return reason === undefined;
}

/** Why a dataset named by `origin` may not be read, or undefined (for panels that say it themselves). */
export function dataPathRefusal(file: string, origin: SourceOrigin): string | undefined {
  const reason = judgeDataPath(file, origin, policyContext());
  if (reason) record({ source: file, origin, outcome: 'refused', reason, hosts: [] });
  return reason;
}

/**
 * Where a model source shown in a picker or the Models view comes from: the user's own settings
 * (or XLens's defaults) or a workspace-level setting. Restricted Mode already ignores the
 * workspace values of these settings (package.json `restrictedConfigurations`).
 */
export function settingOrigin(source: string): SourceOrigin {
  const c = vscode.workspace.getConfiguration('xlens');
  const values = (key: string, level: 'defaultValue' | 'globalValue' | 'workspaceValue' | 'workspaceFolderValue'): unknown[] => {
    const v = c.inspect<unknown>(key)?.[level];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  const keys = ['defaultModel', 'modelSources', 'remoteEndpoint'];
  const mine = keys.some((k) => values(k, 'defaultValue').includes(source) || values(k, 'globalValue').includes(source));
  if (mine) return { kind: 'user' };
  const setting = keys.find((k) => values(k, 'workspaceValue').includes(source) || values(k, 'workspaceFolderValue').includes(source));
  return setting ? { kind: 'workspace', what: `the workspace setting xlens.${setting}` } : { kind: 'user' };
}

/** A run file as an origin (named relative to the workspace, so a confirmation is per file). */
export function runFileOrigin(uri: vscode.Uri): SourceOrigin {
  return { kind: 'workspace', what: `the run file ${vscode.workspace.asRelativePath(uri, false)}` };
}

function warnUntrusted(reason: string): void {
  const manage = 'Manage Workspace Trust';
  const items = vscode.workspace.isTrusted ? [] : [manage];
  void vscode.window.showWarningMessage(`XLens: ${reason}.`, ...items).then((a) => {
    if (a === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`XLens: ${what} needs a trusted workspace.`);
  return false;
}

/** Replace the remote-host confirmation (the extension-host tests); undefined restores the modal dialog. */
export function setConfirmRemote(fn: ConfirmRemote | undefined): void {
  confirmRemote = fn ?? askModal;
  confirmed.clear();
}

/** The decisions taken so far, newest last. */
export function trustDecisions(): readonly TrustDecision[] {
  return decisions;
}
