import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../src/core/errors';
import { CHECKPOINT_FILE } from '../../src/core/training/checkpoint';
import {
  confirmationMessage,
  isInside,
  judgeChain,
  judgeDataPath,
  sourceChain,
  type PolicyContext,
  type SourceOrigin,
  type SourceVerdict,
} from '../../src/extension/sourcePolicy';

const USER: SourceOrigin = { kind: 'user' };
const RUN: SourceOrigin = { kind: 'workspace', what: 'the run file hostile.json' };
const SETTING: SourceOrigin = { kind: 'workspace', what: 'the workspace setting xlens.remoteEndpoint' };

describe('extension/sourcePolicy: what workspace content may open or send', () => {
  let root: string;
  let ws: string;
  let outside: string;
  let trusted: PolicyContext;
  let untrusted: PolicyContext;
  const judge = (source: string, origin: SourceOrigin, ctx: PolicyContext): SourceVerdict => judgeChain(sourceChain(source, origin, ws), ctx);
  const refused = (v: SourceVerdict, re: RegExp) => {
    assert.equal(v.ok, false, JSON.stringify(v));
    if (!v.ok) {
      assert.match(v.reason, re);
      assert.equal(v.trustHelps, true);
    }
  };
  const writeCheckpoint = (dir: string, base: string) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, CHECKPOINT_FILE), JSON.stringify({ format: 'xlens-checkpoint', version: 1, base: { source: base, cwd: ws, name: 'b', fingerprint: 'f', dim: 8 } }));
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-policy-'));
    ws = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(ws, 'model'), { recursive: true });
    fs.mkdirSync(path.join(outside, 'model'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'vecs.jsonl'), '');
    fs.writeFileSync(path.join(outside, 'secret.jsonl'), '');
    fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(ws, 'innocent.jsonl'));
    trusted = { trusted: true, workspaceFolders: [ws] };
    untrusted = { trusted: false, workspaceFolders: [ws] };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('in Restricted Mode refuses a remote endpoint named by a run file or a workspace setting', () => {
    refused(judge('openai:https://evil.example:8443/v1#m?keyEnv=AWS_SECRET_ACCESS_KEY', RUN, untrusted), /the run file hostile\.json names the remote endpoint evil\.example:8443: in Restricted Mode/);
    refused(judge('tei:http://127.0.0.1:9', SETTING, untrusted), /xlens\.remoteEndpoint names the remote endpoint 127\.0\.0\.1:9/);
  });

  it('in a trusted workspace asks about the host and drops the keyEnv a run file chose', () => {
    const v = judge('openai:https://evil.example:8443/v1#m?batch=8&keyEnv=AWS_SECRET_ACCESS_KEY', RUN, trusted);
    assert.deepEqual(v, {
      ok: true,
      model: 'openai:https://evil.example:8443/v1#m?batch=8',
      confirm: [{ host: 'evil.example:8443', url: 'https://evil.example:8443/v1', what: 'the run file hostile.json' }],
    });
    if (v.ok) {
      const message = confirmationMessage(v.confirm[0]);
      assert.match(message, /the run file hostile\.json asks to send corpus texts to evil\.example:8443 \(https:\/\/evil\.example:8443\/v1\)/);
      assert.match(message, /\$XLENS_API_KEY/);
      assert.ok(!message.includes('AWS_SECRET'));
    }
  });

  it('honours what the user typed or set: their endpoint and keyEnv, untrusted too, without asking', () => {
    assert.deepEqual(judge('openai:http://127.0.0.1:8000/v1#m?keyEnv=MY_KEY', USER, untrusted), { ok: true, model: 'openai:http://127.0.0.1:8000/v1#m?keyEnv=MY_KEY', confirm: [] });
  });

  it('lets hub ids and the builtin encoder through in Restricted Mode, whoever names them', () => {
    for (const source of ['Xenova/multilingual-e5-small', 'org/name@v2?dtype=q8', 'builtin:char-ngram']) {
      assert.deepEqual(judge(source, RUN, untrusted), { ok: true, model: source, confirm: [] });
    }
    assert.throws(() => judge('org/name@../../x', RUN, untrusted), (e: unknown) => e instanceof UserError && /contains "\.\."/.test(e.message));
  });

  it('needs trust for a model folder in the workspace, and for any folder a run file names', () => {
    refused(judge('./model', USER, untrusted), /loading the model folder .*ws[\\/]model needs a trusted workspace/);
    refused(judge(path.join(outside, 'model'), RUN, untrusted), /outside[\\/]model named by the run file hostile\.json needs a trusted workspace/);
    assert.equal(judge(path.join(outside, 'model'), USER, untrusted).ok, true, 'a folder the user typed, outside the workspace');
    assert.equal(judge('./model', RUN, trusted).ok, true);
  });

  it('reads precomputed vectors a run file names only inside the workspace when untrusted', () => {
    assert.equal(judge('precomputed:vecs.jsonl', RUN, untrusted).ok, true);
    refused(judge(`precomputed:${path.join(outside, 'secret.jsonl')}`, RUN, untrusted), /secret\.jsonl \(outside the workspace\) named by the run file/);
    refused(judge('precomputed:innocent.jsonl', RUN, untrusted), /outside the workspace/);
    assert.equal(judge(`precomputed:${path.join(outside, 'secret.jsonl')}`, USER, untrusted).ok, true);
  });

  it('applies the same rules to the base model a checkpoint manifest names', () => {
    const remoteBase = path.join(outside, 'ck-remote');
    writeCheckpoint(remoteBase, 'openai:https://evil.example/v1#m?keyEnv=AWS_SECRET_ACCESS_KEY');
    const chain = sourceChain(remoteBase, USER, ws);
    assert.equal(chain.length, 2);
    assert.deepEqual(chain[1].origin, { kind: 'workspace', what: `the checkpoint manifest ${path.join(remoteBase, CHECKPOINT_FILE)}` });
    refused(judgeChain(chain, untrusted), /the checkpoint manifest .*ck-remote.* names the remote endpoint evil\.example/);
    const v = judgeChain(chain, trusted);
    assert.ok(v.ok);
    assert.equal(v.model, remoteBase);
    assert.deepEqual(v.confirm.map((c) => [c.host, c.what]), [['evil.example', `the checkpoint manifest ${path.join(remoteBase, CHECKPOINT_FILE)}`]]);

    const hubBase = path.join(outside, 'ck-hub');
    writeCheckpoint(hubBase, 'Xenova/multilingual-e5-small');
    assert.deepEqual(judge(hubBase, USER, untrusted), { ok: true, model: hubBase, confirm: [] }, 'a checkpoint the user typed, over a hub model');
    refused(judge(hubBase, RUN, untrusted), /the checkpoint .*ck-hub named by the run file hostile\.json needs a trusted workspace/);
    const inWs = path.join(ws, 'ck');
    writeCheckpoint(inWs, 'Xenova/multilingual-e5-small');
    refused(judge(inWs, USER, untrusted), /the checkpoint .*ws[\\/]ck needs a trusted workspace/);

    const localBase = path.join(outside, 'ck-local');
    writeCheckpoint(localBase, path.join(outside, 'model'));
    refused(judge(localBase, USER, untrusted), /model folder .*outside[\\/]model named by the checkpoint manifest/);
    assert.equal(judge(localBase, USER, trusted).ok, true);

    const broken = path.join(outside, 'ck-broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, CHECKPOINT_FILE), '{"base": {}}');
    assert.throws(() => sourceChain(broken, USER, ws), (e: unknown) => e instanceof UserError && /names no base model/.test(e.message) && e.file === path.join(broken, CHECKPOINT_FILE));
  });

  it('reads a dataset a run file names outside the workspace (links followed) only when trusted', () => {
    assert.equal(judgeDataPath(path.join(ws, 'vecs.jsonl'), RUN, untrusted), undefined);
    assert.match(judgeDataPath(path.join(outside, 'secret.jsonl'), RUN, untrusted) ?? '', /the dataset .*secret\.jsonl named by the run file hostile\.json lies outside the workspace; reading it needs a trusted workspace/);
    assert.match(judgeDataPath(path.join(ws, 'innocent.jsonl'), RUN, untrusted) ?? '', /innocent\.jsonl .*outside the workspace/);
    assert.match(judgeDataPath(path.join(ws, '..', 'outside', 'secret.jsonl'), RUN, untrusted) ?? '', /outside the workspace/);
    assert.equal(judgeDataPath(path.join(outside, 'secret.jsonl'), RUN, trusted), undefined);
    assert.equal(judgeDataPath(path.join(outside, 'secret.jsonl'), USER, untrusted), undefined);
    assert.equal(judgeDataPath('/x', RUN, { trusted: false, workspaceFolders: [] }) !== undefined, true, 'no workspace: nothing is inside');
  });

  it('tells inside from outside by path components, not string prefixes', () => {
    assert.equal(isInside(ws, [ws]), true);
    assert.equal(isInside(path.join(ws, 'not-yet', 'there.jsonl'), [ws]), true);
    assert.equal(isInside(`${ws}-sibling/x`, [ws]), false);
  });
});
