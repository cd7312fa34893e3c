import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CHAR_NGRAM_DEFAULTS, CharNgramEncoder, charNgramOptions } from '../../../src/core/encoders/charNgram';
import { CancelledError, UserError } from '../../../src/core/errors';
import type { Progress } from '../../../src/core/progress';
import { type Matrix, row } from '../../../src/core/vectors';
import { requireSharedData } from '../../support/sharedData';

function bytes(m: Matrix): Buffer {
  return Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Nearest-neighbour accuracy a[i] → b[i] by cosine (ties go to the lower index). */
function bitextAccuracy(a: Matrix, b: Matrix): number {
  let ok = 0;
  for (let i = 0; i < a.rows; i++) {
    let best = -Infinity;
    let arg = -1;
    for (let j = 0; j < b.rows; j++) {
      const s = dot(row(a, i), row(b, j));
      if (s > best) {
        best = s;
        arg = j;
      }
    }
    if (arg === i) ok++;
  }
  return ok / a.rows;
}

const SENTENCES = ['Maria sagte, sie wisse nicht, wo Tom sei.', 'How long are Tom and I supposed to stay here?', 'Ünïcödé straße', '東京は日本の首都です。', ''];

describe('builtin:char-ngram', () => {
  it('is deterministic: identical bytes across instances, batches and orders', async () => {
    const a = await new CharNgramEncoder().encode(SENTENCES);
    const b = await new CharNgramEncoder().encode(SENTENCES);
    assert.equal(Buffer.compare(bytes(a), bytes(b)), 0);
    const enc = new CharNgramEncoder();
    const reversed = await enc.encode([...SENTENCES].reverse());
    for (let i = 0; i < SENTENCES.length; i++) {
      assert.deepEqual(row(reversed, SENTENCES.length - 1 - i), row(a, i));
      const one = await enc.encode([SENTENCES[i]]);
      assert.deepEqual(row(one, 0), row(a, i));
    }
  });

  it('returns unit rows, and a zero row for a text without letters or digits', async () => {
    const m = await new CharNgramEncoder().encode([...SENTENCES, '!!! ... ?', '😀']);
    assert.equal(m.rows, SENTENCES.length + 2);
    assert.equal(m.dim, CHAR_NGRAM_DEFAULTS.dim);
    for (let i = 0; i < m.rows; i++) {
      const n = Math.sqrt(dot(row(m, i), row(m, i)));
      if (i === SENTENCES.length - 1 || i >= SENTENCES.length) assert.equal(n, 0, `row ${i}`);
      else assert.ok(Math.abs(n - 1) < 1e-6, `row ${i} has norm ${n}`);
    }
  });

  it('folds case and compatibility forms, and ignores punctuation and role', async () => {
    const enc = new CharNgramEncoder();
    const m = await enc.encode(['Tom', 'ＴＯＭ!', '  tom ', 'Tim']);
    assert.deepEqual(row(m, 1), row(m, 0));
    assert.deepEqual(row(m, 2), row(m, 0));
    assert.ok(dot(row(m, 3), row(m, 0)) < 0.5);
    const q = await enc.encode(SENTENCES, { role: 'query' });
    const p = await enc.encode(SENTENCES, { role: 'passage' });
    assert.equal(Buffer.compare(bytes(q), bytes(p)), 0);
  });

  it('hashes astral code points as one unit', async () => {
    const m = await new CharNgramEncoder().encode(['𠀀𠀁𠀂', '𠀀𠀁𠀃']);
    assert.ok(dot(row(m, 0), row(m, 0)) > 0.99);
    assert.ok(dot(row(m, 0), row(m, 1)) < 0.99);
  });

  it('changes its fingerprint with every parameter', () => {
    const base = new CharNgramEncoder().info.fingerprint;
    assert.equal(new CharNgramEncoder({ ...CHAR_NGRAM_DEFAULTS }).info.fingerprint, base);
    const variants = [{ nMin: 2 }, { nMax: 4 }, { dim: 1024 }, { tf: 'binary' as const }];
    const seen = new Set([base]);
    for (const v of variants) seen.add(new CharNgramEncoder(v).info.fingerprint);
    assert.equal(seen.size, variants.length + 1);
    const info = new CharNgramEncoder({ dim: 512 }, 'builtin:char-ngram?dim=512').info;
    assert.equal(info.source, 'builtin:char-ngram?dim=512');
    assert.equal(info.dim, 512);
    assert.equal(info.settings.n, '3-5');
  });

  it('reads options from the source string and rejects bad ones', () => {
    assert.deepEqual(charNgramOptions({}), CHAR_NGRAM_DEFAULTS);
    assert.deepEqual(charNgramOptions({ n: '2-4', dim: '1024', tf: 'binary' }), { nMin: 2, nMax: 4, dim: 1024, tf: 'binary' });
    assert.deepEqual(charNgramOptions({ n: '4' }), { ...CHAR_NGRAM_DEFAULTS, nMin: 4, nMax: 4 });
    for (const [k, v, msg] of [
      ['n', '0', /bad n=0/],
      ['n', '5-3', /bad n=5-3/],
      ['n', '3-9', /bad n=3-9/],
      ['dim', '12.5', /bad dim=12.5/],
      ['dim', '4', /bad dim=4/],
      ['tf', 'raw', /bad tf=raw/],
      ['size', '3', /unknown option "size"/],
    ] as const) {
      assert.throws(() => charNgramOptions({ [k]: v }, 'builtin:char-ngram?x'), (e: unknown) => e instanceof UserError && msg.test(e.message));
    }
  });

  it('encodes words shorter than nMin as a whole', async () => {
    const m = await new CharNgramEncoder({ nMin: 5, nMax: 5 }).encode(['a', 'b', 'a']);
    assert.ok(dot(row(m, 0), row(m, 0)) > 0.99);
    assert.deepEqual(row(m, 2), row(m, 0));
    assert.ok(dot(row(m, 0), row(m, 1)) < 0.99);
  });

  it('matches translations that share names and near-identical spellings', async () => {
    const pairs = [
      ['Angela Merkel besuchte gestern Paris.', 'Angela Merkel visited Paris yesterday.'],
      ['Barack Obama war Präsident der USA.', 'Barack Obama was president of the USA.'],
      ['Wolfgang Amadeus Mozart komponierte die Zauberflöte.', 'Wolfgang Amadeus Mozart composed The Magic Flute.'],
      ['Der Rhein fließt durch Basel und Köln.', 'The Rhine flows through Basel and Cologne.'],
      ['Albert Einstein entwickelte die Relativitätstheorie.', 'Albert Einstein developed the theory of relativity.'],
      ['Die Universität Heidelberg ist sehr alt.', 'Heidelberg University is very old.'],
      ['Microsoft und Google sind Technologiefirmen.', 'Microsoft and Google are technology companies.'],
      ['Das Konzert beginnt um 20 Uhr in Hamburg.', 'The concert starts at 8 pm in Hamburg.'],
      ['Giuseppe Verdi schrieb die Oper Aida.', 'Giuseppe Verdi wrote the opera Aida.'],
      ['Die Olympischen Spiele fanden in Tokio statt.', 'The Olympic Games took place in Tokyo.'],
      ['Marie Curie erforschte die Radioaktivität.', 'Marie Curie researched radioactivity.'],
      ['Der Amazonas ist ein Fluss in Brasilien.', 'The Amazon is a river in Brazil.'],
      ['Tom spielt Gitarre und Klavier.', 'Tom plays guitar and piano.'],
      ['Die Temperatur erreichte 35 Grad in Madrid.', 'The temperature reached 35 degrees in Madrid.'],
      ['Shakespeare schrieb Hamlet und Macbeth.', 'Shakespeare wrote Hamlet and Macbeth.'],
      ['Das Museum in Amsterdam zeigt Rembrandt.', 'The museum in Amsterdam shows Rembrandt.'],
    ];
    const enc = new CharNgramEncoder();
    const de = await enc.encode(pairs.map((p) => p[0]));
    const en = await enc.encode(pairs.map((p) => p[1]));
    assert.ok(bitextAccuracy(de, en) >= 14 / 16, `de→en ${bitextAccuracy(de, en)}`);
    assert.ok(bitextAccuracy(en, de) >= 14 / 16, `en→de ${bitextAccuracy(en, de)}`);
  });

  it('beats chance by far on Tatoeba deu-eng (real data)', async function () {
    const deu = requireSharedData(this, 'tatoeba', 'tatoeba.deu-eng.deu');
    const eng = requireSharedData(this, 'tatoeba', 'tatoeba.deu-eng.eng');
    const read = (f: string) => fs.readFileSync(f, 'utf8').replace(/\n$/, '').split('\n');
    const enc = new CharNgramEncoder();
    const a = await enc.encode(read(deu));
    const b = await enc.encode(read(eng));
    const acc = bitextAccuracy(a, b);
    console.log(`      tatoeba deu→eng nearest-neighbour accuracy: ${(100 * acc).toFixed(1)}% (${a.rows} pairs)`);
    // Tatoeba shares few spellings between German and English besides names: ~17% at dim 2048.
    assert.ok(acc > 0.12, `accuracy ${acc}`);
  });

  it('reports progress and counts texts', async () => {
    const enc = new CharNgramEncoder();
    const seen: Progress[] = [];
    const texts = Array.from({ length: 10000 }, (_, i) => `sentence ${i}`);
    await enc.encode(texts, { onProgress: (p) => seen.push(p) });
    assert.ok(seen.length >= 2);
    assert.deepEqual(seen[seen.length - 1], { phase: 'encoding (char-ngram)', done: 10000, total: 10000, unit: 'texts' });
    assert.deepEqual(enc.stats(), { texts: 10000, encoded: 10000, cacheHits: 0, truncated: 0 });
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const enc = new CharNgramEncoder();
    await assert.rejects(enc.encode(SENTENCES, { signal: AbortSignal.abort() }), CancelledError);
    const ac = new AbortController();
    const texts = Array.from({ length: 20000 }, (_, i) => `text ${i}`);
    await assert.rejects(enc.encode(texts, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
  });
});
