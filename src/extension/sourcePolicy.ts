import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseModelSource, withoutKeyEnv } from '../core/encoders/sources';
import { UserError } from '../core/errors';
import { checkpointDirOf } from '../core/training/adapterEncoder';
import { CHECKPOINT_FILE } from '../core/training/checkpoint';

/**
 * What may leave the machine, decided before any job opens a model (pure: no `vscode`, so it is
 * unit-tested; `trust.ts` feeds it the workspace state and asks the user).
 *
 * Workspace content (a run file, a checkpoint manifest, a workspace-level setting) is untrusted:
 * - a remote endpoint (`openai:`, `tei:`) it names is refused in Restricted Mode and, in a
 *   trusted workspace, contacted only after a modal confirmation naming the host;
 * - it never chooses the environment variable sent as the API key: its `keyEnv` is dropped (the
 *   server gets $XLENS_API_KEY, as for any source without `keyEnv`);
 * - in Restricted Mode the local paths it names (model folders, checkpoints, precomputed vector
 *   files, datasets) are opened only inside the workspace, and model folders not at all.
 * What the user typed or put in their user-level settings is theirs: remote endpoints and `keyEnv`
 * are honoured as given. Hugging Face ids are not workspace content: the hub (or a cached copy)
 * serves them in any mode. A model folder inside the workspace needs trust whoever names it (its
 * files run in onnxruntime).
 */
export type SourceOrigin = { kind: 'user' } | { kind: 'workspace'; what: string };

export interface PolicyContext {
  trusted: boolean;
  /** The workspace folders (absolute). */
  workspaceFolders: readonly string[];
}

/** One model a job opens: the source given, then the base of each checkpoint in the chain. */
export interface SourceLink {
  source: string;
  cwd: string;
  origin: SourceOrigin;
}

export interface RemoteConfirmation {
  /** `host:port` as the user reads it. */
  host: string;
  url: string;
  /** Who names it, e.g. "the run file x.json". */
  what: string;
}

export type SourceVerdict =
  /** `model` is the source to open (a workspace source without its `keyEnv`); ask about `confirm` first. */
  | { ok: true; model: string; confirm: RemoteConfirmation[] }
  /** `trustHelps`: trusting the workspace would allow it. */
  | { ok: false; reason: string; trustHelps: boolean };

const MAX_CHAIN = 8;

/**
 * The source and the base models of the checkpoints it goes through. A checkpoint's base comes
 * from its manifest, which is workspace content whoever named the checkpoint.
 */
export function sourceChain(source: string, origin: SourceOrigin, cwd: string): SourceLink[] {
  const chain: SourceLink[] = [{ source, cwd, origin }];
  for (;;) {
    const last = chain[chain.length - 1];
    const dir = checkpointDirOf(last.source, last.cwd);
    if (!dir) return chain;
    if (chain.length >= MAX_CHAIN) throw new UserError(`checkpoints nest more than ${MAX_CHAIN} deep`, { file: path.join(dir, CHECKPOINT_FILE) });
    const file = path.join(dir, CHECKPOINT_FILE);
    const base = readBase(file);
    chain.push({ source: base.source, cwd: base.cwd, origin: { kind: 'workspace', what: `the checkpoint manifest ${file}` } });
  }
}

function readBase(file: string): { source: string; cwd: string } {
  let meta: unknown;
  try {
    meta = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the checkpoint description: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const base = (meta as { base?: { source?: unknown; cwd?: unknown } } | null)?.base;
  if (typeof base?.source !== 'string' || typeof base.cwd !== 'string') throw new UserError('the checkpoint description names no base model (base.source, base.cwd)', { file });
  return { source: base.source, cwd: base.cwd };
}

/** Judge every link of a chain (see the module comment); the first refusal wins. */
export function judgeChain(chain: readonly SourceLink[], ctx: PolicyContext): SourceVerdict {
  const confirm: RemoteConfirmation[] = [];
  for (const [i, link] of chain.entries()) {
    const v = judgeLink(link, ctx, i < chain.length - 1);
    if (!v.ok) return v;
    if (v.confirm) confirm.push(v.confirm);
  }
  const top = chain[0];
  return { ok: true, model: top.origin.kind === 'workspace' ? withoutKeyEnv(top.source) : top.source, confirm };
}

function judgeLink(link: SourceLink, ctx: PolicyContext, isCheckpoint: boolean): { ok: true; confirm?: RemoteConfirmation } | Extract<SourceVerdict, { ok: false }> {
  const { origin } = link;
  const fromWorkspace = origin.kind === 'workspace';
  const by = fromWorkspace ? ` named by ${origin.what}` : '';
  const refuse = (reason: string) => ({ ok: false as const, reason, trustHelps: true });
  if (isCheckpoint) {
    const dir = checkpointDirOf(link.source, link.cwd)!;
    if (!ctx.trusted && (fromWorkspace || isInside(dir, ctx.workspaceFolders))) return refuse(`the checkpoint ${dir}${by} needs a trusted workspace`);
    return { ok: true };
  }
  const src = parseModelSource(link.source, { cwd: link.cwd });
  switch (src.kind) {
    case 'builtin':
    case 'hf':
      return { ok: true };
    case 'local':
      if (!ctx.trusted && (fromWorkspace || isInside(src.path, ctx.workspaceFolders))) return refuse(`loading the model folder ${src.path}${by} needs a trusted workspace`);
      return { ok: true };
    case 'precomputed':
      if (!ctx.trusted && fromWorkspace && !isInside(src.path, ctx.workspaceFolders)) return refuse(`reading ${src.path} (outside the workspace)${by} needs a trusted workspace`);
      return { ok: true };
    case 'openai':
    case 'tei': {
      if (!fromWorkspace) return { ok: true };
      const host = new URL(src.baseUrl).host;
      if (!ctx.trusted) return refuse(`${origin.what} names the remote endpoint ${host}: in Restricted Mode XLens sends nothing to a host named by workspace content`);
      return { ok: true, confirm: { host, url: src.baseUrl, what: origin.what } };
    }
  }
}

/**
 * Why a dataset path from workspace content cannot be read, or undefined: in Restricted Mode only
 * files inside the workspace (after following links) are read for a run file.
 */
export function judgeDataPath(file: string, origin: SourceOrigin, ctx: PolicyContext): string | undefined {
  if (ctx.trusted || origin.kind === 'user' || isInside(file, ctx.workspaceFolders)) return undefined;
  return `the dataset ${file} named by ${origin.what} lies outside the workspace; reading it needs a trusted workspace`;
}

/** Whether `p` lies in one of `folders`, symbolic links resolved (a link in the workspace may point anywhere). */
export function isInside(p: string, folders: readonly string[]): boolean {
  const real = realish(p);
  return folders.some((f) => {
    const root = realish(f);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  });
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realish(parent), path.basename(abs));
  }
}

/** The confirmation text for a remote endpoint named by workspace content. */
export function confirmationMessage(c: RemoteConfirmation): string {
  return (
    `XLens: ${c.what} asks to send corpus texts to ${c.host} (${c.url}). ` +
    'The API key in $XLENS_API_KEY, if set, is sent with them. Send texts to this host?'
  );
}
