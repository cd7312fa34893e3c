import * as path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { throwIfAborted } from '../../errors';
import type { TaskOptions } from '../../progress';
import { fingerprintOf } from '../../util/hash';
import { matrix, type Matrix } from '../../vectors';
import type { BatchSinkOptions, CacheKeyed } from '../cache/hooks';
import { emptyStats, type Encoder, type EncoderInfo, type EncoderStats, type TextRole } from '../encoder';
import { fileSha256 } from './fileHash';
import { checkModelFolder, ONNX_FILES } from './modelFolder';
import { OnnxRunner, type BatchOutput } from './onnxRunner';
import { OrtWorkerSession } from './ortWorker';
import { openOnDevice } from './device';
import type { TransformersOptions } from './options';
import { copyPooled, poolInto } from './pooling';
import { resolveTextSettings, type TextSettings } from './presets';
import { tjsLoadError, withTransformersEnv } from './tjsEnv';
import { dedupe, planBatches } from './tokenBatches';
import { modelMaxLength, TextTokenizer } from './tokenize';

/** Bump when the same inputs could give different vectors (truncation rule, pooling code...). */
export const TRANSFORMERS_ENCODER_VERSION = 1;
/** Texts tokenised between event-loop yields. */
const TOKENIZE_CHUNK = 256;

export interface OpenTransformersOptions extends TaskOptions {
  /** The source string as given (`info.source`). */
  source: string;
  /** Display name: the hub id or the folder name. */
  name: string;
  options: TransformersOptions;
  /** XLens's model cache (transformers.js settings) and where file hashes are remembered. */
  modelsDir: string;
}

/**
 * A transformers.js model folder as an Encoder: its tokenizer (tokenizer.json), its ONNX graph
 * for the dtype run by ONNX Runtime (all cores), pooling and prefixes from the folder or presets.
 * Texts are deduplicated, sorted by token length and batched by a padded-token budget.
 */
export async function openTransformersEncoder(dir: string, opts: OpenTransformersOptions): Promise<TransformersEncoder> {
  const o = opts.options;
  const folder = checkModelFolder(dir, o.dtype);
  throwIfAborted(opts.signal);
  const names = [opts.name, String(folder.config._name_or_path ?? ''), path.basename(dir)].filter(Boolean);
  const text = resolveTextSettings(dir, names, o);
  opts.onProgress?.({ phase: `loading ${opts.name}`, done: 0 });
  // Session (in its worker thread) and tokenizer load side by side. The ONNX file is the one
  // transformers.js would load for this dtype; external data beside it loads by path.
  const opening = openOnDevice(o.device, (providers) =>
    OrtWorkerSession.open(folder.onnxFile, {
      intraOpNumThreads: o.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      ...(providers ? { executionProviders: providers, logSeverityLevel: 4 as const } : {}),
    }).catch((e: unknown) => {
      if (providers) throw e; // openOnDevice explains a CUDA failure
      throw tjsLoadError(e, folder.onnxFile, 'ONNX model');
    }),
  );
  const tokenizing = withTransformersEnv(opts.modelsDir, false, () => AutoTokenizer.from_pretrained(dir, { local_files_only: true })).catch((e: unknown) => {
    throw tjsLoadError(e, path.join(dir, 'tokenizer.json'), 'tokenizer');
  });
  const [sessionResult, tokenizerResult] = await Promise.allSettled([opening, tokenizing]);
  if (sessionResult.status === 'rejected') throw sessionResult.reason;
  const { session, device, note: deviceNote } = sessionResult.value;
  if (tokenizerResult.status === 'rejected') {
    await session.dispose();
    throw tokenizerResult.reason;
  }
  const tokenizer = tokenizerResult.value;
  try {
    const limit = modelMaxLength(tokenizer, folder.config);
    const maxLength = Math.min(o.maxLength ?? limit, limit);
    const padId = Number(tokenizer.pad_token_id ?? folder.config.pad_token_id ?? 0);
    const runner = new OnnxRunner(session, Number.isFinite(padId) ? padId : 0);
    const textTok = new TextTokenizer(tokenizer, maxLength);
    const probe = textTok.encode('a').ids;
    const warm = await runner.run([probe], probe.length); // also tells the dimension
    const hashes = await Promise.all([folder.onnxFile, ...folder.externalData].map((f) => fileSha256(f, path.join(opts.modelsDir, '.hashes'))));
    const tokHashes = await Promise.all(['tokenizer.json', 'tokenizer_config.json', 'config.json'].map((f) => fileSha256(path.join(dir, f), path.join(opts.modelsDir, '.hashes'))));
    const info: EncoderInfo = {
      source: opts.source,
      name: opts.name,
      dim: warm.dim,
      fingerprint: fingerprintOf(
        'transformers',
        `v${TRANSFORMERS_ENCODER_VERSION}`,
        ...hashes,
        ...tokHashes,
        o.dtype,
        text.pooling.value,
        o.normalize,
        maxLength,
        text.queryPrefix.value,
        text.passagePrefix.value,
        // GPU kernels round differently: their vectors are not the CPU's (CPU fingerprints unchanged).
        ...(device === 'cuda' ? ['cuda'] : []),
      ),
      settings: { ...settingsOf(folder.config, text, o, maxLength, warm), device, ...(deviceNote ? { deviceNote } : {}) },
    };
    return new TransformersEncoder(info, session, runner, textTok, text, o);
  } catch (e) {
    await session.dispose();
    throw e;
  }
}

function settingsOf(config: Record<string, unknown>, t: TextSettings, o: TransformersOptions, maxLength: number, warm: BatchOutput): EncoderInfo['settings'] {
  const s: EncoderInfo['settings'] = {
    model: String(config._name_or_path ?? ''),
    dtype: o.dtype,
    onnx: ONNX_FILES[o.dtype],
    pooling: warm.kind === 'pooled' ? 'in the graph' : t.pooling.value,
    poolingFrom: warm.kind === 'pooled' ? 'ONNX output' : t.pooling.from,
    normalize: o.normalize,
    maxLength,
    truncation: 'end of text, closing special token kept',
    queryPrefix: t.queryPrefix.value,
    passagePrefix: t.passagePrefix.value,
    prefixesFrom: t.queryPrefix.from === t.passagePrefix.from ? t.queryPrefix.from : `${t.queryPrefix.from} / ${t.passagePrefix.from}`,
    noRole: 'query prefix',
    batchTokens: o.batchTokens,
    threads: o.threads,
  };
  if (t.family) s.family = t.family;
  return s;
}

export class TransformersEncoder implements Encoder, CacheKeyed {
  private readonly counters: EncoderStats = emptyStats();

  constructor(
    readonly info: EncoderInfo,
    private readonly session: OrtWorkerSession,
    private readonly runner: OnnxRunner,
    private readonly textTok: TextTokenizer,
    private readonly text: TextSettings,
    private readonly o: TransformersOptions,
  ) {}

  /** No role means symmetric use (bitext, similarity): e5's card asks for the query prefix there. */
  cacheText(text: string, role?: TextRole): string {
    return (role === 'passage' ? this.text.passagePrefix.value : this.text.queryPrefix.value) + text;
  }

  async encode(texts: readonly string[], opts: BatchSinkOptions = {}): Promise<Matrix> {
    const { role, signal, onProgress, onBatch } = opts;
    throwIfAborted(signal);
    const dim = this.info.dim;
    const { unique, of } = dedupe(texts.map((t) => this.cacheText(t, role)));
    const firstRow = new Int32Array(unique.length).fill(-1);
    const copies = new Int32Array(unique.length);
    of.forEach((u, i) => {
      if (firstRow[u] < 0) firstRow[u] = i;
      copies[u]++;
    });

    const ids: number[][] = new Array(unique.length);
    const cut = new Uint8Array(unique.length);
    for (let s = 0; s < unique.length; s += TOKENIZE_CHUNK) {
      throwIfAborted(signal);
      const e = Math.min(unique.length, s + TOKENIZE_CHUNK);
      for (let u = s; u < e; u++) {
        const t = this.textTok.encode(unique[u]);
        ids[u] = t.ids;
        cut[u] = t.truncated ? 1 : 0;
      }
      onProgress?.({ phase: `tokenising (${this.info.name})`, done: e, total: unique.length, unit: 'texts' });
      await new Promise<void>((r) => setImmediate(r));
    }

    const vectors = new Float32Array(unique.length * dim);
    const batches = planBatches(ids.map((x) => x.length), { budget: this.o.batchTokens, maxRows: this.o.maxRows });
    let done = 0;
    // One batch queued ahead: the worker starts it while this thread pools the previous one.
    // A cancel keeps every finished batch and drops the one queued.
    const submit = (i: number) => {
      const run = this.runner.run(batches[i].items.map((u) => ids[u]), batches[i].length);
      run.catch(() => undefined); // awaited below, or dropped after a cancel
      return run;
    };
    let next = batches.length > 0 ? submit(0) : undefined;
    for (let i = 0; i < batches.length; i++) {
      const b = batches[i];
      const out = await next!;
      next = i + 1 < batches.length && !signal?.aborted ? submit(i + 1) : undefined;
      const lengths = b.items.map((u) => ids[u].length);
      if (out.kind === 'tokens') poolInto(out.data, b.items.length, b.length, dim, lengths, this.text.pooling.value, this.o.normalize, vectors, b.items);
      else copyPooled(out.data, b.items.length, dim, this.o.normalize, vectors, b.items);
      this.counters.encoded += b.items.length;
      for (const u of b.items) {
        this.counters.truncated += cut[u];
        done += copies[u];
      }
      if (onBatch) {
        const m = matrix(b.items.length, dim);
        b.items.forEach((u, j) => m.data.set(vectors.subarray(u * dim, (u + 1) * dim), j * dim));
        await onBatch(b.items.map((u) => firstRow[u]), m);
      }
      onProgress?.({ phase: `encoding (${this.info.name})`, done, total: texts.length, unit: 'texts' });
      throwIfAborted(signal); // after keeping this batch (the cache has written it)
    }
    const result = matrix(texts.length, dim);
    of.forEach((u, i) => result.data.set(vectors.subarray(u * dim, (u + 1) * dim), i * dim));
    this.counters.texts += texts.length;
    return result;
  }

  stats(): EncoderStats {
    return { ...this.counters };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

