import * as fs from 'node:fs';
import * as path from 'node:path';
import { AutoConfig, AutoModel, AutoTokenizer, env, type ProgressInfo } from '@huggingface/transformers';
import { throwIfAborted, UserError } from '../../errors';
import type { TaskOptions } from '../../progress';
import { writeFileAtomic } from '../../util/atomicWrite';
import { checkModelFolder, ONNX_FILES, REQUIRED_FILES, type Dtype } from './modelFolder';
import { withTransformersEnv } from './tjsEnv';

export interface HubOptions extends TaskOptions {
  revision?: string;
  dtype: Dtype;
  /** XLens's model cache (`<cache root>/models`). */
  modelsDir: string;
  /** Never download (also set by XLENS_OFFLINE=1 or HF_HUB_OFFLINE=1). */
  offline?: boolean;
}

/** Written beside the downloaded files once everything XLens reads is there. */
const MARKER = 'xlens-download.json';
/**
 * Written before a download starts and removed after the marker: a folder that has it but no
 * marker is an interrupted download (it may lack the sentence-transformers pooling files while
 * looking complete), never a folder put there by hand.
 */
const PENDING = 'xlens-download.pending';
const ST_FILES = ['modules.json', 'config_sentence_transformers.json'];

/**
 * Why `revision` cannot name a hub revision, or undefined when it can. The revision becomes a
 * folder below the model cache (`hubFolder`), so `..`, `.` and path separators are refused: a
 * source from a run file must not point the cache (or a download) outside its folder. Branches
 * with a slash (`refs/pr/3`) are given by their commit hash instead.
 */
export function badRevision(revision: string): string | undefined {
  if (revision === '') return 'the revision after "@" is empty';
  if (revision.includes('..')) return `revision "${revision}" contains ".."`;
  if (/[\\/]/.test(revision)) return `revision "${revision}" contains a path separator`;
  if (revision === '.') return 'revision "." names no revision';
  if (!/^[\w.-]+$/.test(revision)) return `revision "${revision}" holds characters other than letters, digits, "_", "-" and "."`;
  return undefined;
}

export const REVISION_HINT = 'give a branch, tag or commit hash without "/" or "..", e.g. org/name@main or org/name@3f2a9c1 (for refs/pr/N use the commit hash)';

/** Where transformers.js caches `id` at `revision`: `<models>/<id>` or `<models>/<id>/<revision>`. */
export function hubFolder(modelsDir: string, id: string, revision = 'main'): string {
  return revision === 'main' ? path.join(modelsDir, id) : path.join(modelsDir, id, revision);
}

/**
 * Make a Hugging Face model available as a local folder and return its path. A complete cached
 * copy is used as is, without any network access; otherwise transformers.js downloads the files
 * (config, tokenizer, the ONNX file of `dtype`) into XLens's cache with byte progress, and the
 * sentence-transformers settings files beside them. Downloads cannot be cancelled midway (the
 * signal is checked before and after); transformers.js writes each file to a temp name first.
 */
export async function fetchHubModel(id: string, opts: HubOptions): Promise<string> {
  const revision = opts.revision ?? 'main';
  const whyBad = badRevision(revision);
  if (whyBad) throw new UserError(`${id}@${revision}: ${whyBad}`, { hint: REVISION_HINT });
  const dir = hubFolder(opts.modelsDir, id, revision);
  const marker = readMarker(dir);
  const complete = isComplete(dir, opts.dtype);
  if (marker && complete) return dir;
  throwIfAborted(opts.signal);
  const offline = opts.offline || isSet('XLENS_OFFLINE') || isSet('HF_HUB_OFFLINE');
  const interrupted = !marker && fs.existsSync(path.join(dir, PENDING));
  // A complete folder put there by hand (no marker) is used as is when downloads are off.
  if (offline && complete && !interrupted) return dir;
  if (offline) {
    throw new UserError(`${id} is not in the model cache (${dir})${interrupted ? ' (its download was interrupted)' : ''} and downloads are off (offline mode)`, {
      hint: interrupted ? 'run once with downloads on to finish it, or delete the folder' : pointAtFolderHint(opts.dtype),
    });
  }
  const progress = (e: ProgressInfo) => {
    if (e.status === 'progress') opts.onProgress?.({ phase: `downloading ${id}: ${e.file}`, done: e.loaded, total: e.total, unit: 'bytes' });
  };
  const load = { revision, cache_dir: opts.modelsDir, progress_callback: progress };
  const host = remoteHost();
  try {
    if (!marker) await writeFileAtomic(path.join(dir, PENDING), JSON.stringify({ id, revision, started: new Date().toISOString() }) + '\n');
    await withTransformersEnv(opts.modelsDir, true, async () => {
      await AutoConfig.from_pretrained(id, load);
      await AutoTokenizer.from_pretrained(id, load);
      // Loading the model is how transformers.js fetches its ONNX file (and external data); the
      // session is thrown away: the encoder opens the cached folder like any local one.
      const model = await AutoModel.from_pretrained(id, { ...load, dtype: opts.dtype, session_options: { graphOptimizationLevel: 'disabled' } });
      await model.dispose();
    }, host);
    const stFiles = marker ? marker.sentenceTransformers : await fetchSentenceTransformersFiles(id, revision, dir);
    const dtypes = [...new Set([...(marker?.dtypes ?? []), opts.dtype])];
    await writeFileAtomic(path.join(dir, MARKER), JSON.stringify({ id, revision, host, dtypes, sentenceTransformers: stFiles, at: new Date().toISOString() }, null, 1) + '\n');
    await fs.promises.rm(path.join(dir, PENDING), { force: true });
  } catch (e) {
    throw hubError(e, id, revision, dir, host, opts.dtype);
  }
  throwIfAborted(opts.signal);
  checkModelFolder(dir, opts.dtype);
  return dir;
}

function isComplete(dir: string, dtype: Dtype): boolean {
  try {
    checkModelFolder(dir, dtype);
    return true;
  } catch {
    return false;
  }
}

function readMarker(dir: string): { dtypes: Dtype[]; sentenceTransformers: string[] } | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as { dtypes?: Dtype[]; sentenceTransformers?: string[] };
    return { dtypes: Array.isArray(m.dtypes) ? m.dtypes : [], sentenceTransformers: Array.isArray(m.sentenceTransformers) ? m.sentenceTransformers : [] };
  } catch {
    return undefined;
  }
}

/**
 * modules.json, the pooling module's config.json it names (1_Pooling/ by default) and
 * config_sentence_transformers.json, when the repository has them; transformers.js itself does
 * not read them. Returns the files found.
 */
async function fetchSentenceTransformersFiles(id: string, revision: string, dir: string): Promise<string[]> {
  const found: string[] = [];
  const get = async (file: string) => {
    const res = await fetch(fileUrl(id, revision, file), { headers: authHeaders() });
    if (res.status === 404 || res.status === 401 || res.status === 403) return undefined;
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${file}`);
    const text = await res.text();
    await writeFileAtomic(path.join(dir, file), text);
    found.push(file);
    return text;
  };
  const modules = await get(ST_FILES[0]);
  let poolDir = '1_Pooling';
  try {
    const list = modules ? (JSON.parse(modules) as Array<{ path?: string; type?: string }>) : [];
    poolDir = list.find((m) => typeof m.type === 'string' && m.type.endsWith('.Pooling'))?.path ?? poolDir;
  } catch {
    // not JSON: keep the default; presets.ts reports nothing from it either
  }
  await get(`${poolDir}/config.json`);
  await get(ST_FILES[1]);
  return found;
}

/** HF_ENDPOINT (a mirror, or a test's loopback hub) when set, else transformers.js's host. */
function remoteHost(): string {
  const endpoint = process.env.HF_ENDPOINT;
  if (endpoint) return endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  return env.remoteHost;
}

function fileUrl(id: string, revision: string, file: string): string {
  const route = env.remotePathTemplate.replaceAll('{model}', id).replaceAll('{revision}', encodeURIComponent(revision));
  return [remoteHost(), route, file].map((p) => p.replace(/^\/+|\/+$/g, '')).join('/');
}

function authHeaders(): Record<string, string> {
  const token = process.env.HF_TOKEN ?? process.env.HF_ACCESS_TOKEN;
  const host = new URL(remoteHost()).hostname;
  return token && /(^|\.)(huggingface\.co|hf\.co)$/.test(host) ? { Authorization: `Bearer ${token}` } : {};
}

function isSet(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

function pointAtFolderHint(dtype: Dtype): string {
  return `point XLens at a local copy of the model folder instead: --model /path/to/folder (a transformers.js folder with ${REQUIRED_FILES.join(', ')} and ${ONNX_FILES[dtype]})`;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

function isNetworkError(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 4; x = x.cause, depth++) {
    const code = (x as NodeJS.ErrnoException).code;
    if (code && NETWORK_CODES.has(code)) return true;
    if (x instanceof TypeError && /fetch failed/i.test(x.message)) return true;
  }
  return false;
}

function hubError(e: unknown, id: string, revision: string, dir: string, host: string, dtype: Dtype): Error {
  if (e instanceof UserError) return e;
  const at = revision === 'main' ? id : `${id}@${revision}`;
  if (isNetworkError(e)) {
    return new UserError(`cannot reach the Hugging Face hub (${host}) to download ${at}, and it is not in the model cache (${dir})`, {
      hint: `connect and retry (HF_ENDPOINT selects a mirror), or ${pointAtFolderHint(dtype)}`,
    });
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === 'ModelFileNotFoundError') {
    return new UserError(`${at}: a file is missing on the hub: ${msg}`, {
      hint: `the repository may not exist, may be private or gated (set HF_TOKEN), or may have no transformers.js export for dtype ${dtype} (${ONNX_FILES[dtype]}); ready-made exports are often under Xenova/ or onnx-community/`,
    });
  }
  return new UserError(`downloading ${at} from ${host} failed: ${msg}`, { hint: pointAtFolderHint(dtype) });
}
