import * as vscode from 'vscode';
import { CancelledError, UserError } from '../core/errors';
import type { JobRequest, JobResult } from '../workers/protocol';
import { engine } from './engine';

/** How the last jobs ended, newest last (the extension-host tests wait on them). */
export interface FinishedJob {
  title: string;
  kind: JobRequest['kind'];
  outcome: 'done' | 'failed' | 'cancelled';
  message?: string;
}
export const finishedJobs: FinishedJob[] = [];

function finished(job: FinishedJob): void {
  finishedJobs.push(job);
  if (finishedJobs.length > 50) finishedJobs.shift();
}

/**
 * Run an engine job under a cancellable progress notification. User errors are shown as
 * messages (they name file and line); cancellation is quiet; bugs go to the log too.
 */
export async function runJob(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, title: string, request: JobRequest): Promise<JobResult | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `XLens: ${title}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      try {
        const result = await engine(context).run(request, {
          signal: abort.signal,
          onProgress: (p) => {
            const pct = p.total ? Math.floor((100 * p.done) / p.total) : undefined;
            const increment = pct !== undefined && pct > last ? pct - last : undefined;
            if (pct !== undefined && pct < last) last = 0; // a new phase restarts the bar
            if (increment) last = pct!;
            progress.report({ message: `${p.phase}${p.total ? ` ${p.done}/${p.total}` : ''}`, increment });
          },
        });
        finished({ title, kind: request.kind, outcome: 'done' });
        return result;
      } catch (e) {
        finished({ title, kind: request.kind, outcome: e instanceof CancelledError ? 'cancelled' : 'failed', message: e instanceof Error ? e.message : String(e) });
        if (e instanceof CancelledError) {
          log.info(`${title}: cancelled`);
          return undefined;
        }
        if (e instanceof UserError) {
          log.warn(`${title}: ${e.message}`);
          void vscode.window.showErrorMessage(`XLens: ${e.message}`);
          return undefined;
        }
        log.error(`${title}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        void vscode.window.showErrorMessage(`XLens: ${title} failed: ${e instanceof Error ? e.message : String(e)} (see XLens: Open Log)`);
        return undefined;
      }
    },
  );
}
