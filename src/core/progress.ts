/** Progress of one long job. `total` may be unknown (streaming reads). */
export interface Progress {
  /** What is happening now, e.g. "encoding passages (de)". */
  phase: string;
  done: number;
  total?: number;
  unit?: 'items' | 'texts' | 'bytes' | 'queries' | 'steps';
}

/** Every long operation in the engine takes these: the CLI maps them to Ctrl-C and a progress bar,
 * the extension to VS Code's cancellation token and progress notification. */
export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}
