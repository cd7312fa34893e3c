import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CharNgramEncoder } from '../../../src/core/encoders/charNgram';
import { openEncoder, parseModelSource, splitOptions, withoutKeyEnv } from '../../../src/core/encoders/sources';
import { fetchHubModel } from '../../../src/core/encoders/transformers/hub';
import { UserError } from '../../../src/core/errors';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'encoders');

function listsForms(re: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.match(e.message, re);
    assert.match(e.message, /accepted forms:[\s\S]*builtin:char-ngram[\s\S]*precomputed:[\s\S]*<org>\/<name>\[@<revision>\][\s\S]*openai:<base-url>#<model>[\s\S]*tei:<base-url>/);
    return true;
  };
}

describe('model sources', () => {
  let cwd: string;
  before(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-src-'));
    fs.mkdirSync(path.join(cwd, 'models', 'mini'), { recursive: true });
    fs.mkdirSync(path.join(cwd, 'intfloat', 'shadowed'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'file.bin'), '');
  });
  after(() => fs.rmSync(cwd, { recursive: true, force: true }));
  const parse = (s: string) => parseModelSource(s, { cwd });

  it('parses builtin and precomputed sources with options', () => {
    assert.deepEqual(parse('builtin:char-ngram'), { kind: 'builtin', name: 'char-ngram', options: {} });
    assert.deepEqual(parse(' builtin:char-ngram?n=3-5&dim=1024 '), { kind: 'builtin', name: 'char-ngram', options: { n: '3-5', dim: '1024' } });
    assert.deepEqual(parse('precomputed:vecs.jsonl'), { kind: 'precomputed', path: path.join(cwd, 'vecs.jsonl'), options: {} });
    assert.deepEqual(parse('precomputed:/data/vecs.npy?texts=t.txt'), { kind: 'precomputed', path: path.resolve('/data/vecs.npy'), options: { texts: 't.txt' } });
    assert.deepEqual(parse('precomputed:~/v.jsonl'), { kind: 'precomputed', path: path.join(os.homedir(), 'v.jsonl'), options: {} });
  });

  it('refuses hub revisions with "..", "." or path separators, saying which and how to write one', async () => {
    const bad = (source: string, why: RegExp) =>
      assert.throws(() => parse(source), (e: unknown) => {
        assert.ok(e instanceof UserError, String(e));
        assert.match(e.message, new RegExp(`^bad model source ${JSON.stringify(source).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
        assert.match(e.message, why);
        assert.match(e.hint ?? '', /branch, tag or commit hash without "\/" or "\.\."/);
        return true;
      });
    bad('org/name@../../../etc', /revision "\.\.\/\.\.\/\.\.\/etc" contains "\.\."/);
    bad('org/name@..', /contains "\.\."/);
    bad('org/name@refs/pr/3', /revision "refs\/pr\/3" contains a path separator/);
    bad('org/name@a\\b', /contains a path separator/);
    bad('org/name@.', /revision "\." names no revision/);
    bad('org/name@', /the revision after "@" is empty/);
    bad('org/name@v1?dtype=q8&x=1'.replace('v1', 'v1..2'), /contains "\.\."/);
    assert.deepEqual(parse('org/name@v1.2-rc_3'), { kind: 'hf', id: 'org/name', revision: 'v1.2-rc_3' });
    // The hub layer checks too (a revision can reach it without parsing, e.g. from a manifest).
    await assert.rejects(fetchHubModel('org/name', { revision: '../x', dtype: 'fp32', modelsDir: cwd, offline: true }), /org\/name@\.\.\/x: revision "\.\.\/x" contains "\.\."/);
  });

  it('drops keyEnv from a server source, keeping its other options in order', () => {
    assert.equal(withoutKeyEnv('openai:http://h:1/v1#m?batch=4&keyEnv=AWS_SECRET&retries=0'), 'openai:http://h:1/v1#m?batch=4&retries=0');
    assert.equal(withoutKeyEnv(' tei:http://h:1?keyEnv=K '), 'tei:http://h:1');
    assert.equal(withoutKeyEnv('openai:http://h:1/v1?x=1#m'), 'openai:http://h:1/v1?x=1#m');
    assert.equal(withoutKeyEnv('org/name?keyEnv=K'), 'org/name?keyEnv=K', 'only servers take a key');
    assert.equal(withoutKeyEnv('builtin:char-ngram'), 'builtin:char-ngram');
  });

  it('parses Hugging Face ids, local folders and servers', () => {
    assert.deepEqual(parse('intfloat/multilingual-e5-small'), { kind: 'hf', id: 'intfloat/multilingual-e5-small' });
    assert.deepEqual(parse('org/name@0123abc'), { kind: 'hf', id: 'org/name', revision: '0123abc' });
    assert.deepEqual(parse('models/mini'), { kind: 'local', path: path.join(cwd, 'models', 'mini') }, 'an existing folder wins over an hf id');
    assert.deepEqual(parse('intfloat/shadowed'), { kind: 'local', path: path.join(cwd, 'intfloat', 'shadowed') });
    assert.deepEqual(parse('./models/mini/'), { kind: 'local', path: path.join(cwd, 'models', 'mini') });
    assert.deepEqual(parse(path.join(cwd, 'models')), { kind: 'local', path: path.join(cwd, 'models') });
    assert.deepEqual(parse('openai:http://localhost:8000/v1/#text-embedding-3-small'), {
      kind: 'openai',
      baseUrl: 'http://localhost:8000/v1',
      model: 'text-embedding-3-small',
    });
    assert.deepEqual(parse('tei:https://tei.example.org:8080'), { kind: 'tei', baseUrl: 'https://tei.example.org:8080' });
  });

  it('rejects what it cannot parse, listing the accepted forms', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /it is empty/],
      ['builtin:bm25', /unknown builtin "bm25"/],
      ['precomputed:', /needs a file/],
      ['precomputed:?texts=a', /needs a file/],
      ['openai:http://localhost:8000/v1', /needs a model after "#"/],
      ['openai:localhost#m', /"localhost" is not a URL/],
      ['tei:ftp://host', /must be an http:\/\/ or https:\/\/ URL/],
      ['./no/such/folder', /folder .*no[\\/]such[\\/]folder does not exist/],
      ['file.bin', /is a file, not a model folder/],
      ['onnx:model', /unknown kind "onnx:"/],
      ['just-a-name', /not a known form/],
      ['a/b/c', /not a known form/],
    ];
    for (const [s, re] of cases) {
      if (s === 'file.bin') assert.throws(() => parse('./file.bin'), listsForms(re));
      else assert.throws(() => parse(s), listsForms(re), s);
    }
  });

  it('splits options, rejecting malformed and repeated ones', () => {
    assert.deepEqual(splitOptions('a.npy?texts=t.txt&&x=1=2'), { body: 'a.npy', options: { texts: 't.txt', x: '1=2' } });
    assert.deepEqual(splitOptions('a?'), { body: 'a', options: {} });
    assert.throws(() => splitOptions('a?dim'), /bad option "dim".*expected key=value/);
    assert.throws(() => splitOptions('a?=3'), /bad option "=3"/);
    assert.throws(() => splitOptions('a?n=3&n=4'), /option "n" given twice/);
  });

  it('opens builtin and precomputed encoders', async () => {
    const b = await openEncoder('builtin:char-ngram?n=2-4&dim=512');
    // Wrapped by the non-finite check, it encodes exactly as the builtin it opened.
    const raw = new CharNgramEncoder({ nMin: 2, nMax: 4, dim: 512 });
    assert.deepEqual((await b.encode(['hello world'])).data, (await raw.encode(['hello world'])).data);
    assert.equal(b.info.dim, 512);
    assert.equal(b.info.source, 'builtin:char-ngram?n=2-4&dim=512');
    assert.equal(b.info.fingerprint, new CharNgramEncoder({ nMin: 2, nMax: 4, dim: 512 }).info.fingerprint);
    await assert.rejects(openEncoder('builtin:char-ngram?dim=huge'), /bad dim=huge/);
    const p = await openEncoder('precomputed:table.jsonl', { cwd: FIXTURES });
    assert.equal(p.info.dim, 3);
  });

  it('parses options after ids, folders and servers', () => {
    assert.deepEqual(parse('Xenova/LaBSE@v2?dtype=q8&pooling=cls'), { kind: 'hf', id: 'Xenova/LaBSE', revision: 'v2', options: { dtype: 'q8', pooling: 'cls' } });
    assert.deepEqual(parse('./models/mini?maxLength=128'), { kind: 'local', path: path.join(cwd, 'models', 'mini'), options: { maxLength: '128' } });
    assert.deepEqual(parse('openai:http://h:1/v1#m?keyEnv=K'), { kind: 'openai', baseUrl: 'http://h:1/v1', model: 'm', options: { keyEnv: 'K' } });
    assert.deepEqual(parse('tei:http://h:2?batch=8'), { kind: 'tei', baseUrl: 'http://h:2', options: { batch: '8' } });
  });

  it('opens neural and server sources without touching the network when it cannot', async () => {
    // Offline and not cached; an empty folder; servers on a closed loopback port.
    const cacheDir = path.join(cwd, 'cache');
    await assert.rejects(openEncoder('intfloat/multilingual-e5-small', { cwd, cacheDir, offline: true }), /not in the model cache .* downloads are off/);
    await assert.rejects(openEncoder('./models/mini', { cwd, cacheDir }), /not a complete transformers\.js model folder .*missing config\.json/);
    await assert.rejects(openEncoder('openai:http://127.0.0.1:1/v1#m?retries=0', { cwd }), /cannot reach http:\/\/127\.0\.0\.1:1\/v1\/embeddings/);
    await assert.rejects(openEncoder('tei:http://127.0.0.1:1?retries=0', { cwd }), /cannot reach http:\/\/127\.0\.0\.1:1\/embed/);
    await assert.rejects(openEncoder('./models/mini?dtype=int4', { cwd }), /bad dtype=int4/);
  });
});
