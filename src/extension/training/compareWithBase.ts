import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainingCompareState, TrainingJobInfo } from '../../protocol/training';
import { runJob } from '../jobs';
import type { RunStore } from '../runStore';
import { settings } from '../settings';
import { requireTrust } from '../trust';
import { writeHeldOutData } from './heldOutData';

export interface CompareDeps {
  context: vscode.ExtensionContext;
  runs: RunStore;
  log: vscode.LogOutputChannel;
}

/**
 * "Compare with base model": evaluates the base model and the checkpoint in the bilingual
 * scenario on the held-out split only (written under `.xlens/heldout/<checkpoint>/`), saves both
 * runs, and opens the Compare view on them (`xlens.compareRuns` with the two run URIs).
 * `notify` reports each stage to the training panel.
 */
export async function compareWithBase(deps: CompareDeps, job: TrainingJobInfo, notify: (state: TrainingCompareState, message: string) => void): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  // The panel's button and the end-of-training notification may both ask: one comparison at a time.
  if (running.has(job.checkpoint)) return;
  if (!requireTrust('Evaluating a checkpoint of this workspace')) return;
  running.add(job.checkpoint);
  try {
    return await compare(deps, job, notify);
  } finally {
    running.delete(job.checkpoint);
  }
}

const running = new Set<string>();

async function compare(deps: CompareDeps, job: TrainingJobInfo, notify: (state: TrainingCompareState, message: string) => void): Promise<[vscode.Uri, vscode.Uri] | undefined> {
  const { context, runs, log } = deps;
  const outDir = path.join(path.dirname(path.dirname(job.checkpoint)), 'heldout', path.basename(job.checkpoint));
  notify('running', 'Writing the held-out split…');
  let held;
  try {
    held = await writeHeldOutData({ data: job.data, format: job.format, langs: job.langs, pivot: job.pivot, seed: job.seed, cwd: job.cwd }, outDir);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`held-out split of ${job.data}: ${message}`);
    notify('failed', `Could not write the held-out split: ${message}`);
    return;
  }
  log.info(`held-out split of ${job.data} (${held.queries} questions) written to ${held.path}`);
  const request = {
    kind: 'eval' as const,
    data: held.path,
    format: held.format,
    scenario: 'bilingual' as const,
    langs: job.langs,
    pivot: job.pivot,
    k: settings().k,
    perQuery: true,
    cwd: job.cwd,
  };
  const evaluate = async (model: string, what: string): Promise<vscode.Uri | undefined> => {
    notify('running', `Evaluating ${what} on ${held.queries} held-out questions…`);
    const result = await runJob(context, log, `Evaluating ${what} on the held-out split`, { ...request, model });
    if (result?.kind !== 'eval') {
      notify('failed', `The evaluation of ${what} did not finish (see XLens: Open Log).`);
      return;
    }
    return runs.save(result.report);
  };
  const base = await evaluate(job.model, `the base model ${job.model}`);
  if (!base) return;
  const trained = await evaluate(job.checkpoint, `the checkpoint ${job.checkpointLabel}`);
  if (!trained) return;
  const saved = `${vscode.workspace.asRelativePath(base)} and ${vscode.workspace.asRelativePath(trained)}`;
  try {
    await vscode.commands.executeCommand('xlens.compareRuns', base, trained);
    notify('done', `Compared on the held-out split; runs saved as ${saved}.`);
  } catch (e) {
    log.warn(`xlens.compareRuns: ${e instanceof Error ? e.message : String(e)}`);
    notify('done', `Runs saved as ${saved}; the Compare view could not open (${e instanceof Error ? e.message : String(e)}).`);
  }
  return [base, trained];
}
