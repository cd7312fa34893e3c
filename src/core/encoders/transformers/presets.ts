import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../errors';
import { readOptionalJson } from './modelFolder';

export type Pooling = 'mean' | 'cls';

/**
 * Known multilingual families: how their model cards say to pool and prefix. Matched against the
 * model id, config.json's `_name_or_path` and the folder name; first match wins.
 */
export interface FamilyPreset {
  family: string;
  match: RegExp;
  pooling: Pooling;
  queryPrefix?: string;
  passagePrefix?: string;
}

export const FAMILY_PRESETS: readonly FamilyPreset[] = [
  // Instruct variants want "Instruct: ...\nQuery: " built per task; no fixed prefix applies.
  { family: 'e5-instruct', match: /e5-[\w-]*instruct/i, pooling: 'mean' },
  { family: 'e5', match: /(^|[/_-])e5([-_]|$)/i, pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ' },
  { family: 'LaBSE', match: /labse/i, pooling: 'cls' },
  { family: 'bge-m3', match: /bge-m3/i, pooling: 'cls' },
  { family: 'paraphrase-multilingual', match: /paraphrase-multilingual-(minilm|mpnet)/i, pooling: 'mean' },
  { family: 'gte-multilingual', match: /gte-multilingual/i, pooling: 'cls' },
];

export function findFamily(names: readonly string[]): FamilyPreset | undefined {
  return FAMILY_PRESETS.find((p) => names.some((n) => p.match.test(n)));
}

export interface Resolved<T> {
  value: T;
  /** Where the value came from, shown in reports. */
  from: string;
}

export interface TextSettings {
  pooling: Resolved<Pooling>;
  queryPrefix: Resolved<string>;
  passagePrefix: Resolved<string>;
  family?: string;
}

export interface TextOverrides {
  pooling?: Pooling;
  queryPrefix?: string;
  passagePrefix?: string;
}

/**
 * Pooling and prefixes for a model folder. Order: the source's options, then the folder's
 * sentence-transformers files (`1_Pooling/config.json`, prompts in
 * `config_sentence_transformers.json`), then a family preset, then mean pooling without prefixes.
 */
export function resolveTextSettings(dir: string, names: readonly string[], overrides: TextOverrides): TextSettings {
  const family = findFamily(names);
  const st = readSentenceTransformers(dir, overrides.pooling === undefined);
  const preset = <T>(v: T | undefined): Resolved<T> | undefined => (v !== undefined && family ? { value: v, from: `${family.family} preset` } : undefined);
  const option = <T>(v: T | undefined): Resolved<T> | undefined => (v !== undefined ? { value: v, from: 'option' } : undefined);
  return {
    pooling: option(overrides.pooling) ?? st.pooling ?? preset<Pooling>(family?.pooling) ?? { value: 'mean', from: 'default' },
    queryPrefix: option(overrides.queryPrefix) ?? st.query ?? preset(family?.queryPrefix) ?? { value: '', from: 'default' },
    passagePrefix: option(overrides.passagePrefix) ?? st.passage ?? preset(family?.passagePrefix) ?? { value: '', from: 'default' },
    family: family?.family,
  };
}

interface StSettings {
  pooling?: Resolved<Pooling>;
  query?: Resolved<string>;
  passage?: Resolved<string>;
}

/** What a sentence-transformers export says about pooling (when needed) and prompts, if anything. */
function readSentenceTransformers(dir: string, wantPooling: boolean): StSettings {
  const out: StSettings = {};
  const modules = readModules(dir);
  const poolDir = modules.find((m) => m.type.endsWith('.Pooling'))?.path ?? '1_Pooling';
  const rel = path.posix.join(poolDir, 'config.json');
  const cfg = wantPooling ? readOptionalJson(path.join(dir, rel)) : undefined;
  if (cfg) out.pooling = { value: poolingOf(cfg, path.join(dir, rel)), from: rel };
  const st = readOptionalJson(path.join(dir, 'config_sentence_transformers.json'));
  const prompts = st?.prompts;
  if (typeof prompts === 'object' && prompts !== null) {
    const p = prompts as Record<string, unknown>;
    const from = 'config_sentence_transformers.json';
    if (typeof p.query === 'string') out.query = { value: p.query, from };
    const passage = p.passage ?? p.document;
    if (typeof passage === 'string') out.passage = { value: passage, from };
  }
  return out;
}

function readModules(dir: string): Array<{ path: string; type: string }> {
  const file = path.join(dir, 'modules.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((m: unknown) => {
    if (typeof m !== 'object' || m === null) return [];
    const r = m as Record<string, unknown>;
    return typeof r.path === 'string' && typeof r.type === 'string' ? [{ path: r.path, type: r.type }] : [];
  });
}

function poolingOf(cfg: Record<string, unknown>, file: string): Pooling {
  const on = Object.keys(cfg).filter((k) => k.startsWith('pooling_mode_') && cfg[k] === true);
  if (on.length === 1 && on[0] === 'pooling_mode_mean_tokens') return 'mean';
  if (on.length === 1 && on[0] === 'pooling_mode_cls_token') return 'cls';
  throw new UserError(`pooling ${on.length ? on.map((k) => k.slice('pooling_mode_'.length)).join(' + ') : '(none set)'} is not supported`, {
    file,
    hint: 'XLens pools with mean or cls; choose one with ?pooling=mean or ?pooling=cls in the model source',
  });
}
