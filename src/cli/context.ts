import type { Skipped } from '../core/data/corpus';
import type { Progress } from '../core/progress';

/** What a CLI command gets from the shell: where to print, progress, cancellation. */
export interface CommandContext {
  cwd: string;
  signal: AbortSignal;
  out: (s: string) => void;
  err: (s: string) => void;
  progress: (p: Progress) => void;
  doneProgress: () => void;
  reportSkips: (skipped: Skipped[]) => void;
}
