import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { TaskOptions } from '../progress';
import { cachedEncoder } from './cache/cachedEncoder';
import { embeddingCacheDir, modelCacheDir } from './cache/paths';
import { CharNgramEncoder, charNgramOptions } from './charNgram';
import type { Encoder } from './encoder';
import { finiteChecked } from './finiteCheck';
import { openPrecomputed } from './precomputed';
import { openaiProtocol } from './remote/openai';
import { openRemoteEncoder } from './remote/remoteEncoder';
import { parseRemoteOptions } from './remote/remoteOptions';
import { teiProtocol } from './remote/tei';
import { badRevision, fetchHubModel, REVISION_HINT } from './transformers/hub';
import type { Device } from './transformers/device';
import { parseTransformersOptions } from './transformers/options';
import { openTransformersEncoder } from './transformers/transformersEncoder';
import { checkpointDirOf, openCheckpointEncoder } from '../training/adapterEncoder';

/**
 * Model source strings (`--model`, settings) and the encoders they open. Paths in a parsed source
 * are absolute (resolved against `cwd`). Option values (`?k=v&k2=v2`) are taken literally (no
 * percent-decoding, except the prefix options), so a path with `&` cannot be passed as an option.
 * Options go after the id or folder (`org/name@rev?dtype=q8`, `./model?pooling=cls`), after the
 * model of an openai: source (`openai:http://h/v1#m?batch=64`) and after a tei: URL. Sources
 * without options parse without an `options` field.
 */
export type ModelSource =
  | { kind: 'builtin'; name: 'char-ngram'; options: Record<string, string> }
  | { kind: 'precomputed'; path: string; options: Record<string, string> }
  | { kind: 'hf'; id: string; revision?: string; options?: Record<string, string> }
  | { kind: 'local'; path: string; options?: Record<string, string> }
  | { kind: 'openai'; baseUrl: string; model: string; options?: Record<string, string> }
  | { kind: 'tei'; baseUrl: string; options?: Record<string, string> };

export interface SourceOptions {
  /** Base for relative paths (default process.cwd()). */
  cwd?: string;
  /** XLens's cache root (models/ and embeddings/ below it); default $XLENS_CACHE_DIR or ~/.cache/xlens. */
  cacheDir?: string;
  /** Keep vectors of neural and remote encoders in the embedding cache (default true; `cache=off` in the source also turns it off). */
  embeddingCache?: boolean;
  /** Never download models (also XLENS_OFFLINE=1 / HF_HUB_OFFLINE=1). */
  offline?: boolean;
  /**
   * Options a source gets unless it sets them itself: `device` for neural models (`--device`,
   * `xlens.device`), `concurrency` for servers (`--concurrency`, `xlens.remote.concurrency`).
   */
  defaults?: { device?: Device; concurrency?: number };
}

export const ACCEPTED_SOURCES = [
  'builtin:char-ngram[?n=3-5&dim=2048&tf=log]   embedded lexical baseline, works offline',
  'precomputed:<file.jsonl>                    vectors made elsewhere, {"text", "vector", "role"?} per line',
  'precomputed:<file.npy>[?texts=<file>]       .npy matrix + one text per line (<stem>.txt or <stem>.texts.txt)',
  'precomputed:<folder.xlstore>                a vector store written by xlens embed --out <folder>.xlstore',
  '<org>/<name>[@<revision>][?dtype=q8&...]     Hugging Face model id, downloaded once into the XLens cache',
  '<folder>[?pooling=cls&...]                  local transformers.js model folder (./path, /path, or an existing folder)',
  'openai:<base-url>#<model>[?keyEnv=NAME&...]  OpenAI-compatible /v1/embeddings server',
  'tei:<base-url>[?batch=32&...]               text-embeddings-inference server (/embed)',
  'checkpoint:<dir> | <dir with xlens-checkpoint.json>  an XLens adapter over its base model',
];

const HF_ID = /^([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)(?:@([\w.-]+))?$/;
/** An id with any revision, to explain a bad revision rather than call it an unknown form. */
const HF_ID_ANY_REVISION = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*@(.*)$/s;

/**
 * Parse a source string. An existing folder wins over a Hugging Face id of the same spelling
 * (`org/name` present under cwd), as in transformers' `from_pretrained`.
 */
export function parseModelSource(s: string, opts: SourceOptions = {}): ModelSource {
  const source = s.trim();
  const cwd = opts.cwd ?? process.cwd();
  const bad = (why: string) =>
    new UserError(`bad model source ${JSON.stringify(s)}: ${why}`, { hint: `accepted forms:\n    ${ACCEPTED_SOURCES.join('\n    ')}` });
  if (source === '') throw bad('it is empty');

  if (source.startsWith('builtin:')) {
    const { body, options } = splitOptions(source.slice('builtin:'.length), source);
    if (body !== 'char-ngram') throw bad(`unknown builtin "${body}" (the builtin encoder is char-ngram)`);
    return { kind: 'builtin', name: 'char-ngram', options };
  }
  if (source.startsWith('precomputed:')) {
    const { body, options } = splitOptions(source.slice('precomputed:'.length), source);
    if (body === '') throw bad('precomputed: needs a file');
    return { kind: 'precomputed', path: resolvePath(body, cwd), options };
  }
  if (source.startsWith('openai:')) {
    const rest = source.slice('openai:'.length);
    const hash = rest.lastIndexOf('#');
    const model = hash >= 0 ? rest.slice(hash + 1) : '';
    const { body: name, options } = splitOptions(model, source);
    if (name === '') throw bad('openai: needs a model after "#", e.g. openai:http://localhost:8000/v1#my-model');
    return withOptions({ kind: 'openai', baseUrl: httpUrl(rest.slice(0, hash), bad), model: name }, options);
  }
  if (source.startsWith('tei:')) {
    const { body, options } = splitOptions(source.slice('tei:'.length), source);
    return withOptions({ kind: 'tei', baseUrl: httpUrl(body, bad) }, options);
  }

  // A folder whose name holds "?" is taken whole; otherwise options follow the last "?".
  const whole = isDirectory(resolvePath(source, cwd));
  const { body, options } = whole ? { body: source, options: {} } : splitOptions(source, source);
  const revision = whole ? null : HF_ID_ANY_REVISION.exec(body);
  if (revision && !isDirectory(resolvePath(body, cwd))) {
    const why = badRevision(revision[1]);
    if (why) throw new UserError(`bad model source ${JSON.stringify(s)}: ${why}`, { hint: REVISION_HINT });
  }
  if (whole || looksLikePath(body) || isDirectory(resolvePath(body, cwd))) {
    const dir = resolvePath(body, cwd);
    if (isDirectory(dir)) return withOptions({ kind: 'local', path: dir }, options);
    if (fs.existsSync(dir)) throw bad(`${dir} is a file, not a model folder (for a vector table use precomputed:<file>)`);
    throw bad(`folder ${dir} does not exist`);
  }
  const hf = HF_ID.exec(body);
  if (hf) return withOptions(hf[2] === undefined ? { kind: 'hf', id: hf[1] } : { kind: 'hf', id: hf[1], revision: hf[2] }, options);
  const scheme = /^([a-z][\w+.-]*):/i.exec(source);
  throw bad(scheme ? `unknown kind "${scheme[1]}:"` : 'not a known form');
}

/**
 * Build the encoder for a source string. Neural models (Hugging Face ids, local folders) and
 * servers are wrapped in the embedding cache unless `cache=off` is among the source's options or
 * `opts.embeddingCache` is false; the builtin and precomputed encoders are cheap and never cached.
 */
export async function openEncoder(source: string, opts: SourceOptions & TaskOptions = {}): Promise<Encoder> {
  // Every vector any model source produces passes this check (finiteCheck.ts), cache hits too.
  return finiteChecked(await openUnchecked(source, opts));
}

async function openUnchecked(source: string, opts: SourceOptions & TaskOptions): Promise<Encoder> {
  // A checkpoint folder first: it would otherwise parse as a local model folder.
  const ck = checkpointDirOf(source, opts.cwd ?? process.cwd());
  // The manifest names the base; it never chooses which environment variable holds the API key.
  if (ck) return openCheckpointEncoder(ck, (s, o) => openEncoder(withoutKeyEnv(s), { ...opts, cwd: o.cwd }), { source: source.trim() });
  const src = parseModelSource(source, opts);
  const given = source.trim();
  const task = { signal: opts.signal, onProgress: opts.onProgress };
  switch (src.kind) {
    case 'builtin':
      return new CharNgramEncoder(charNgramOptions(src.options, given), given);
    case 'precomputed':
      return openPrecomputed(src.path, { options: src.options, cwd: opts.cwd, source: given, ...task });
    case 'hf':
    case 'local': {
      const { options, cache } = cacheOption(src.options ?? {}, given);
      const o = parseTransformersOptions({ ...(opts.defaults?.device ? { device: opts.defaults.device } : {}), ...options }, given);
      const modelsDir = modelCacheDir(opts.cacheDir);
      const dir =
        src.kind === 'local' ? src.path : await fetchHubModel(src.id, { revision: src.revision, dtype: o.dtype, modelsDir, offline: opts.offline, ...task });
      const name = src.kind === 'local' ? path.basename(src.path) : src.revision ? `${src.id}@${src.revision}` : src.id;
      const enc = await openTransformersEncoder(dir, { source: given, name, options: o, modelsDir, ...task });
      return withCache(enc, cache && opts.embeddingCache !== false, opts.cacheDir);
    }
    case 'openai':
    case 'tei': {
      const { options, cache } = cacheOption(src.options ?? {}, given);
      const o = parseRemoteOptions({ ...(opts.defaults?.concurrency ? { concurrency: String(opts.defaults.concurrency) } : {}), ...options }, given);
      const protocol = src.kind === 'openai' ? openaiProtocol(src.baseUrl, src.model) : teiProtocol(src.baseUrl);
      const name = src.kind === 'openai' ? src.model : new URL(src.baseUrl).host;
      const enc = await openRemoteEncoder(protocol, { source: given, name, options: o, signal: opts.signal });
      return withCache(enc, cache && opts.embeddingCache !== false, opts.cacheDir);
    }
  }
}

/**
 * The source without a `keyEnv` option (the other options kept in order). For sources that come
 * from files (run files, checkpoint manifests, workspace settings): only the user chooses which
 * environment variable is sent as an API key; without `keyEnv` a server gets $XLENS_API_KEY.
 */
export function withoutKeyEnv(source: string): string {
  const s = source.trim();
  if (!s.startsWith('openai:') && !s.startsWith('tei:')) return s;
  const { body, options } = splitOptions(s, s);
  if (!('keyEnv' in options)) return s;
  const rest = Object.entries(options).filter(([k]) => k !== 'keyEnv');
  return rest.length > 0 ? `${body}?${rest.map(([k, v]) => `${k}=${v}`).join('&')}` : body;
}

/** Take `cache=on|off` out of a source's options. */
function cacheOption(options: Record<string, string>, source: string): { options: Record<string, string>; cache: boolean } {
  const { cache, ...rest } = options;
  if (cache !== undefined && cache !== 'on' && cache !== 'off') throw new UserError(`${source}: bad cache=${cache}`, { hint: 'use cache=off (or cache=on, the default)' });
  return { options: rest, cache: cache !== 'off' };
}

function withCache(enc: Encoder, on: boolean, cacheDir: string | undefined): Encoder {
  return on ? cachedEncoder(enc, { dir: embeddingCacheDir(cacheDir) }) : enc;
}

function withOptions<T extends ModelSource>(src: T, options: Record<string, string>): T {
  return Object.keys(options).length > 0 ? { ...src, options } : src;
}

/** Split `body?k=v&k2=v2` at its last `?`; duplicate or malformed options are errors. */
export function splitOptions(s: string, source = s): { body: string; options: Record<string, string> } {
  const q = s.lastIndexOf('?');
  if (q < 0) return { body: s, options: {} };
  const entries: Array<[string, string]> = [];
  for (const part of s.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (eq <= 0) throw new UserError(`bad option "${part}" in ${JSON.stringify(source)}: expected key=value`);
    if (entries.some(([k]) => k === key)) throw new UserError(`option "${key}" given twice in ${JSON.stringify(source)}`);
    entries.push([key, part.slice(eq + 1)]);
  }
  return { body: s.slice(0, q), options: Object.fromEntries(entries) };
}

function looksLikePath(s: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/]|~([\\/]|$)|[A-Za-z]:[\\/])/.test(s) || s.includes('\\');
}

function resolvePath(p: string, cwd: string): string {
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(cwd, p);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function httpUrl(s: string, bad: (why: string) => UserError): string {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw bad(`${JSON.stringify(s)} is not a URL (e.g. http://localhost:8080)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad(`${JSON.stringify(s)} must be an http:// or https:// URL`);
  return s.replace(/\/+$/, '');
}
