import * as vscode from 'vscode';
import { runJob } from '../jobs';
import type { RunStore } from '../runStore';
import { settings } from '../settings';

/** The bundled sample (a CC BY-SA excerpt of XQuAD in six languages, shipped in the .vsix). */
export function sampleDataset(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'samples', 'xquad-mini');
}

/** The encoder of the first result: built in, no weights, no download, no folder needed. */
export const SAMPLE_MODEL = 'builtin:char-ngram';

/**
 * XLens: Open Sample Dataset — loads the bundled sample and says what it holds (languages,
 * questions, passages), offering to evaluate it. Works with no folder open.
 */
export async function openSampleDatasetCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  const data = sampleDataset(context);
  const result = await runJob(context, log, 'Reading the sample dataset', { kind: 'inspect', data: data.fsPath });
  if (result?.kind !== 'inspect') return;
  const s = result.summary;
  const counts = Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ');
  const langs = s.languages.map((l) => l.code).join(', ');
  const action = await vscode.window.showInformationMessage(`XLens sample: ${s.name} (${s.format}), ${s.languages.length} languages (${langs}), ${counts}.`, 'Evaluate with the Built-in Encoder');
  if (action) await vscode.commands.executeCommand('xlens.tryOnSample');
}

/**
 * XLens: Try on Sample Data — the first result in seconds: the bundled sample in the bilingual
 * scenario (each language's queries against its own and the pivot's passages: English
 * inclination) with the built-in encoder; the run is saved (in the workspace's .xlens/runs/, or
 * the extension's global storage with no folder open) and the Max@R report opens.
 */
export async function tryOnSampleCommand(context: vscode.ExtensionContext, runs: RunStore, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const t0 = performance.now();
  const data = sampleDataset(context).fsPath;
  const s = settings();
  const result = await runJob(context, log, `Evaluating ${SAMPLE_MODEL} on the sample (bilingual)`, {
    kind: 'eval',
    data,
    model: SAMPLE_MODEL,
    scenario: 'bilingual',
    pivot: 'en', // the sample's languages include en, whatever xlens.pivot says
    k: s.k,
    perQuery: true,
    cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? data,
  });
  if (result?.kind !== 'eval') return;
  const uri = await runs.save(result.report);
  await vscode.commands.executeCommand('xlens.showMaxRReport', uri);
  log.info(`sample run saved to ${uri.fsPath}; report open ${((performance.now() - t0) / 1000).toFixed(1)} s after the command`);
  return uri;
}
