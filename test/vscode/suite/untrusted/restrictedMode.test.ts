// Runs inside the extension host of an UNTRUSTED workspace (VS Code's Restricted Mode; see
// runExtensionTests.ts): hostile run files and a checkpoint make XLens send nothing anywhere, and
// a hub model from the cache still projects.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../../src/extension/testing';
import { copySample, leaked, SECRET, SECRET_ENV, sleep, startRecorder, testingApi, waitFor, workspaceFolder, writeRunFile, type Recorder } from '../support/hostile';

/** Prepared by runExtensionTests.ts in the model cache of this session's user settings. */
const CACHED_HUB_ID = 'xlens-test/tiny-bert';

describe('XLens in Restricted Mode', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let server: Recorder;
  let outside: string;
  const confirmations: string[] = [];

  before(async () => {
    process.env[SECRET_ENV] = SECRET; // before the engine worker starts: it copies the environment
    process.env.XLENS_API_KEY = SECRET;
    api = await testingApi();
    // Any confirmation asked for would be a failure: in Restricted Mode XLens must refuse, not ask.
    api.setConfirmRemote(async (message) => {
      confirmations.push(message);
      return true;
    });
    server = await startRecorder();
    copySample(workspaceFolder());
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'xlens-outside-'));
  });
  after(async () => {
    api.setConfirmRemote(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    fs.rmSync(outside, { recursive: true, force: true });
    delete process.env[SECRET_ENV];
    delete process.env.XLENS_API_KEY;
  });

  /** Show Projection on a run file; the decision XLens took on `decidedOn` (the model source or dataset path). */
  const showProjection = async (run: vscode.Uri, decidedOn: string) => {
    const decisionsBefore = api.decisions().length;
    const jobsBefore = api.jobs().length;
    await vscode.commands.executeCommand('xlens.showProjection', run);
    const decision = await waitFor(`a trust decision on ${decidedOn}`, () => api.decisions().slice(decisionsBefore).find((d) => d.source === decidedOn));
    return { decision, jobsBefore };
  };

  const assertNothingSent = async (jobsBefore: number) => {
    await sleep(1500);
    assert.equal(server.requests.length, 0, `${server.requests.length} request(s) reached the loopback server`);
    assert.equal(leaked(server), false);
    assert.deepEqual(confirmations, [], 'refused without asking');
    assert.ok(!api.jobs().slice(jobsBefore).some((j) => j.kind === 'project'), 'no projection job ran');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  };

  it('runs untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this session must open its workspace in Restricted Mode');
  });

  it('sends no request and no variable when a run file names a remote endpoint and a keyEnv', async () => {
    const model = `openai:${server.url}/v1#m?keyEnv=${SECRET_ENV}`;
    const { decision, jobsBefore } = await showProjection(writeRunFile('hostile-remote', model, 'xquad-mini'), model);
    assert.equal(decision.outcome, 'refused');
    assert.match(decision.reason ?? '', new RegExp(`names the remote endpoint ${server.host.replace(/\./g, '\\.')}: in Restricted Mode`));
    await assertNothingSent(jobsBefore);
  });

  it('reads no dataset outside the workspace for a run file', async () => {
    const data = copySample(outside);
    const { decision, jobsBefore } = await showProjection(writeRunFile('hostile-path', 'builtin:char-ngram', data), data);
    assert.equal(decision.outcome, 'refused');
    assert.match(decision.reason ?? '', /lies outside the workspace; reading it needs a trusted workspace/);
    await assertNothingSent(jobsBefore);
  });

  it('sends nothing for a checkpoint whose manifest names a remote base model', async () => {
    const checkpoint = path.join(outside, 'checkpoint');
    fs.mkdirSync(checkpoint);
    const manifest = { format: 'xlens-checkpoint', version: 1, base: { source: `tei:${server.url}?keyEnv=${SECRET_ENV}`, cwd: outside, name: 'b', fingerprint: 'f', dim: 8 } };
    fs.writeFileSync(path.join(checkpoint, 'xlens-checkpoint.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(checkpoint, 'adapter.safetensors'), '');
    const model = `checkpoint:${checkpoint}`;
    const { decision, jobsBefore } = await showProjection(writeRunFile('hostile-checkpoint', model, 'xquad-mini'), model);
    assert.equal(decision.outcome, 'refused');
    assert.match(decision.reason ?? '', /needs a trusted workspace/);
    await assertNothingSent(jobsBefore);
  });

  it('ignores workspace values of the settings that name models, endpoints and paths', async () => {
    const hostile = `openai:${server.url}/v1#m?keyEnv=${SECRET_ENV}`;
    const restricted = { 'xlens.remoteEndpoint': hostile, 'xlens.defaultModel': hostile, 'xlens.modelSources': [hostile], 'xlens.modelCacheFolder': outside, 'xlens.dataFolders': [outside] };
    const settingsFile = path.join(workspaceFolder(), '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...restricted, 'xlens.pivot': 'de' }));
    try {
      // An unrestricted setting from the same file shows the file has been read.
      await waitFor('the workspace settings to be read', () => (vscode.workspace.getConfiguration('xlens').get('pivot') === 'de' ? true : undefined), 20_000);
      const c = vscode.workspace.getConfiguration('xlens');
      assert.equal(c.get('remoteEndpoint'), '');
      assert.equal(c.get('defaultModel'), 'Xenova/multilingual-e5-small');
      assert.deepEqual(c.get('modelSources'), ['builtin:char-ngram']);
      assert.notEqual(c.get('modelCacheFolder'), outside);
      assert.deepEqual(c.get('dataFolders'), []);
      const pkg = vscode.extensions.getExtension('xlens.xlens')!.packageJSON as { capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } } };
      assert.deepEqual([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), Object.keys(restricted).sort());
    } finally {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
    }
  });

  it('projects with a hub model from the cache, named by a run file', async () => {
    const { decision, jobsBefore } = await showProjection(writeRunFile('cached-hub', CACHED_HUB_ID, 'xquad-mini'), CACHED_HUB_ID);
    assert.equal(decision.outcome, 'allowed');
    const job = await waitFor('the projection job', () => api.jobs().slice(jobsBefore).find((j) => j.kind === 'project'), 90_000);
    assert.equal(job.outcome, 'done', job.message);
    assert.equal(server.requests.length, 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
