import { throwIfAborted, UserError } from '../errors';
import { fingerprintOf } from '../util/hash';
import { matrix, type Matrix } from '../vectors';
import { emptyStats, type EncodeOptions, type Encoder, type EncoderInfo, type EncoderStats } from './encoder';

/**
 * `builtin:char-ngram`: a weightless, offline lexical baseline.
 *
 * text → NFKC → lowercase → words (runs of letters, marks and digits; everything else is a
 * separator) → each word padded with one space on both sides (" word ") → character n-grams of
 * every length in [nMin, nMax] inside each padded word → FNV-1a over code points + murmur3 fmix32
 * → bucket = h mod dim, sign = top bit (signed hashing trick: collisions cancel in expectation) →
 * per bucket sublinear tf `sign(v)·(1 + ln|v|)` (or `sign(v)` with tf=binary) → L2 normalisation.
 *
 * No IDF: the vector of a text depends only on the text and the parameters (never on the rest of
 * the corpus), so the fingerprint determines the vectors and the embedding cache stays valid.
 * Role is ignored (symmetric).
 */
export const CHAR_NGRAM_VERSION = 1;

export interface CharNgramOptions {
  nMin: number;
  nMax: number;
  dim: number;
  /** Per-bucket term weight: `log` = 1 + ln tf (default), `binary` = presence only. */
  tf: 'log' | 'binary';
}

/**
 * dim 2048: on FLORES deu/fra/spa/pol/ind→eng bitext (n=3-5, ~150-char sentences), 384 → 1024 →
 * 2048 → 4096 buckets gave 43 → 58 → 68 → 71 % (deu); collisions hurt long texts, and 2048 keeps
 * most of the gain at half the memory and search cost of 4096.
 */
export const CHAR_NGRAM_DEFAULTS: Readonly<CharNgramOptions> = { nMin: 3, nMax: 5, dim: 2048, tf: 'log' };

const MAX_N = 8;
const MIN_DIM = 8;
const MAX_DIM = 1 << 20;
/** Texts per chunk between progress reports and event-loop yields (so an abort can land). */
const CHUNK = 4096;

/**
 * Options from a source string's query part (`n=3-5&dim=1024`); `source` is quoted in errors.
 * `n` is one length (`n=4`) or a range (`n=3-5`).
 */
export function charNgramOptions(raw: Readonly<Record<string, string>>, source = 'builtin:char-ngram'): CharNgramOptions {
  const o: CharNgramOptions = { ...CHAR_NGRAM_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'n') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(value);
      const lo = m ? Number(m[1]) : NaN;
      const hi = m ? Number(m[2] ?? m[1]) : NaN;
      if (!(lo >= 1 && hi >= lo && hi <= MAX_N)) {
        throw new UserError(`${source}: bad n=${value}`, { hint: `use one length or a range within 1-${MAX_N}, e.g. n=3-5` });
      }
      o.nMin = lo;
      o.nMax = hi;
    } else if (key === 'dim') {
      const d = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(d >= MIN_DIM && d <= MAX_DIM)) {
        throw new UserError(`${source}: bad dim=${value}`, { hint: `use an integer from ${MIN_DIM} to ${MAX_DIM}, e.g. dim=1024` });
      }
      o.dim = d;
    } else if (key === 'tf') {
      if (value !== 'log' && value !== 'binary') throw new UserError(`${source}: bad tf=${value}`, { hint: 'use tf=log or tf=binary' });
      o.tf = value;
    } else {
      throw new UserError(`${source}: unknown option "${key}"`, {
        hint: 'builtin:char-ngram accepts n=<min>-<max>, dim=<buckets> and tf=log|binary',
      });
    }
  }
  return o;
}

export class CharNgramEncoder implements Encoder {
  readonly info: EncoderInfo;
  private readonly opts: CharNgramOptions;
  private readonly counters: EncoderStats = emptyStats();
  /** Code points of the current padded word; grown on demand, reused across texts. */
  private buf: Uint32Array = new Uint32Array(256);
  /** Per-text signed bucket sums, and the buckets touched so far: clearing and scanning only
   * those keeps the cost per text independent of `dim`. */
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;
  private readonly isTouched: Uint8Array;
  private nTouched = 0;

  constructor(options: Partial<CharNgramOptions> = {}, source?: string) {
    const o = { ...CHAR_NGRAM_DEFAULTS, ...options };
    if (!(Number.isInteger(o.nMin) && Number.isInteger(o.nMax) && o.nMin >= 1 && o.nMax >= o.nMin && o.nMax <= MAX_N)) {
      throw new UserError(`char-ngram: bad n-gram range ${o.nMin}-${o.nMax}`);
    }
    if (!(Number.isInteger(o.dim) && o.dim >= MIN_DIM && o.dim <= MAX_DIM)) throw new UserError(`char-ngram: bad dim ${o.dim}`);
    if (o.tf !== 'log' && o.tf !== 'binary') throw new UserError(`char-ngram: bad tf ${String(o.tf)}`);
    this.opts = o;
    this.acc = new Float64Array(o.dim);
    this.touched = new Int32Array(o.dim);
    this.isTouched = new Uint8Array(o.dim);
    const n = `${o.nMin}-${o.nMax}`;
    this.info = {
      source: source ?? `builtin:char-ngram?n=${n}&dim=${o.dim}&tf=${o.tf}`,
      name: 'char-ngram',
      dim: o.dim,
      fingerprint: fingerprintOf('builtin:char-ngram', `v${CHAR_NGRAM_VERSION}`, o.nMin, o.nMax, o.dim, o.tf),
      settings: {
        version: CHAR_NGRAM_VERSION,
        n,
        dim: o.dim,
        units: 'NFKC lowercase, words padded with spaces',
        hashing: 'FNV-1a/fmix32 over code points, signed',
        weighting: `${o.tf === 'log' ? 'sublinear tf (1+ln tf)' : 'binary tf'}, no idf, L2`,
      },
    };
  }

  async encode(texts: readonly string[], opts: EncodeOptions = {}): Promise<Matrix> {
    const { signal, onProgress } = opts;
    const out = matrix(texts.length, this.opts.dim);
    for (let start = 0; start < texts.length; start += CHUNK) {
      throwIfAborted(signal);
      const end = Math.min(texts.length, start + CHUNK);
      for (let i = start; i < end; i++) this.encodeInto(texts[i], out.data, i * this.opts.dim);
      onProgress?.({ phase: 'encoding (char-ngram)', done: end, total: texts.length, unit: 'texts' });
      if (end < texts.length) await new Promise<void>((r) => setImmediate(r));
    }
    throwIfAborted(signal);
    this.counters.texts += texts.length;
    this.counters.encoded += texts.length;
    return out;
  }

  stats(): EncoderStats {
    return { ...this.counters };
  }

  async dispose(): Promise<void> {}

  /** Encode one text into `out[offset .. offset+dim)`. */
  private encodeInto(text: string, out: Float32Array, offset: number): void {
    const s = text.normalize('NFKC').toLowerCase();
    let len = 0;
    let buf = this.buf;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      if (isWordChar(cp)) {
        if (len + 2 >= buf.length) buf = this.grow(len);
        if (len === 0) buf[len++] = 0x20;
        buf[len++] = cp;
      } else if (len > 0) {
        buf[len++] = 0x20;
        this.addWord(buf, len);
        len = 0;
      }
    }
    if (len > 0) {
      buf[len++] = 0x20;
      this.addWord(buf, len);
    }
    const { acc, touched, nTouched } = this;
    const binary = this.opts.tf === 'binary';
    let ss = 0;
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      const v = acc[j];
      // Bucket sums are signed integers (0 when collisions cancel); weight |v|, keep the sign.
      const w = v === 0 ? 0 : binary ? Math.sign(v) : v > 0 ? 1 + Math.log(v) : -1 - Math.log(-v);
      acc[j] = w;
      ss += w * w;
    }
    // In touched order, so the float32 results are identical run to run.
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0; // no words: the zero vector
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t];
      out[offset + j] = acc[j] * inv;
      acc[j] = 0;
      this.isTouched[j] = 0;
    }
    this.nTouched = 0;
  }

  /** Count one hashed n-gram: bucket from the mixed hash, sign from its top bit. */
  private add(h: number): void {
    const m = fmix32(h);
    const j = m % this.opts.dim;
    if (this.isTouched[j] === 0) {
      this.isTouched[j] = 1;
      this.touched[this.nTouched++] = j;
    }
    this.acc[j] += (m & 0x80000000) !== 0 ? -1 : 1;
  }

  /** Add every n-gram of one padded word, hashing incrementally from each start position. */
  private addWord(buf: Uint32Array, len: number): void {
    const { nMin, nMax } = this.opts;
    for (let i = 0; i + nMin <= len; i++) {
      let h = 0x811c9dc5;
      const stop = Math.min(len, i + nMax);
      for (let k = i; k < stop; k++) {
        h = Math.imul(h ^ buf[k], 0x01000193);
        if (k - i + 1 >= nMin) this.add(h);
      }
    }
    // A word shorter than nMin (only when nMin > 3) still counts once as a whole.
    if (len < nMin) {
      let h = 0x811c9dc5;
      for (let k = 0; k < len; k++) h = Math.imul(h ^ buf[k], 0x01000193);
      this.add(h);
    }
  }

  private grow(len: number): Uint32Array {
    const next = new Uint32Array(Math.max(this.buf.length * 2, len + 4));
    next.set(this.buf.subarray(0, len));
    this.buf = next;
    return next;
  }
}

/** murmur3's 32-bit finaliser, returned unsigned: spreads FNV's weak low bits over the word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Memo of WORD_CHAR for the BMP: 0 = not yet asked, 1 = word char, 2 = separator. */
const BMP_CLASS = new Uint8Array(0x10000);

/** Letters, marks and digits make words; everything else separates them. */
function isWordChar(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a);
  if (cp > 0xffff) return WORD_CHAR.test(String.fromCodePoint(cp));
  let c = BMP_CLASS[cp];
  if (c === 0) c = BMP_CLASS[cp] = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
  return c === 1;
}
