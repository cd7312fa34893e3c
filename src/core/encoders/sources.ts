import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';
import type { TaskOptions } from '../progress';
import { CharNgramEncoder, charNgramOptions } from './charNgram';
import type { Encoder } from './encoder';
import { openPrecomputed } from './precomputed';

/**
 * Model source strings (`--model`, settings) and the encoders they open. Paths in a parsed source
 * are absolute (resolved against `cwd`). Option values (`?k=v&k2=v2`) are taken literally (no
 * percent-decoding), so a path with `&` cannot be passed as an option.
 */
export type ModelSource =
  | { kind: 'builtin'; name: 'char-ngram'; options: Record<string, string> }
  | { kind: 'precomputed'; path: string; options: Record<string, string> }
  | { kind: 'hf'; id: string; revision?: string }
  | { kind: 'local'; path: string }
  | { kind: 'openai'; baseUrl: string; model: string }
  | { kind: 'tei'; baseUrl: string };

export interface SourceOptions {
  /** Base for relative paths (default process.cwd()). */
  cwd?: string;
}

export const ACCEPTED_SOURCES = [
  'builtin:char-ngram[?n=3-5&dim=2048&tf=log]   embedded lexical baseline, works offline',
  'precomputed:<file.jsonl>                    vectors made elsewhere, {"text", "vector", "role"?} per line',
  'precomputed:<file.npy>[?texts=<file>]       .npy matrix + one text per line (<stem>.txt or <stem>.texts.txt)',
  '<org>/<name>[@<revision>]                   Hugging Face model id',
  '<folder>                                    local model folder (./path, /path, or an existing folder)',
  'openai:<base-url>#<model>                   OpenAI-compatible /embeddings server',
  'tei:<base-url>                              text-embeddings-inference server',
];

const HF_ID = /^([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)(?:@([\w./-]+))?$/;

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
    if (model === '') throw bad('openai: needs a model after "#", e.g. openai:http://localhost:8000/v1#my-model');
    return { kind: 'openai', baseUrl: httpUrl(rest.slice(0, hash), bad), model };
  }
  if (source.startsWith('tei:')) return { kind: 'tei', baseUrl: httpUrl(source.slice('tei:'.length), bad) };

  if (looksLikePath(source) || isDirectory(resolvePath(source, cwd))) {
    const dir = resolvePath(source, cwd);
    if (isDirectory(dir)) return { kind: 'local', path: dir };
    if (fs.existsSync(dir)) throw bad(`${dir} is a file, not a model folder (for a vector table use precomputed:<file>)`);
    throw bad(`folder ${dir} does not exist`);
  }
  const hf = HF_ID.exec(source);
  if (hf) return hf[2] === undefined ? { kind: 'hf', id: hf[1] } : { kind: 'hf', id: hf[1], revision: hf[2] };
  const scheme = /^([a-z][\w+.-]*):/i.exec(source);
  throw bad(scheme ? `unknown kind "${scheme[1]}:"` : 'not a known form');
}

/** Build the encoder for a source string; forms for the next release throw "not available yet". */
export async function openEncoder(source: string, opts: SourceOptions & TaskOptions = {}): Promise<Encoder> {
  const src = parseModelSource(source, opts);
  const given = source.trim();
  switch (src.kind) {
    case 'builtin':
      return new CharNgramEncoder(charNgramOptions(src.options, given), given);
    case 'precomputed':
      return openPrecomputed(src.path, { options: src.options, cwd: opts.cwd, source: given, signal: opts.signal, onProgress: opts.onProgress });
    default: {
      const what = { hf: 'Hugging Face models', local: 'local model folders', openai: 'OpenAI-compatible servers', tei: 'TEI servers' }[src.kind];
      throw new UserError(`${what} (${given}) are not available yet`, {
        hint: 'use builtin:char-ngram, or vectors made elsewhere with precomputed:<file.jsonl|file.npy>',
      });
    }
  }
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
