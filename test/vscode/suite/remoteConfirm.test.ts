// Runs inside the extension host (trusted workspace): a run file naming a remote endpoint is
// encoded there only after the user confirms the host, and never with the key variable it names.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RemoteConfirmation } from '../../../src/extension/sourcePolicy';
import type { TestingApi } from '../../../src/extension/testing';
import { copySample, leaked, SECRET, SECRET_ENV, sleep, startRecorder, testingApi, waitFor, workspaceFolder, writeRunFile, type Recorder } from './support/hostile';

/** The key XLens sends by default (from $XLENS_API_KEY): seeing it proves the engine sees this process's variables. */
const DEFAULT_KEY = 'sk-default-variable-0b7d';

describe('a run file naming a remote endpoint, in a trusted workspace', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let server: Recorder;
  let model: string;
  const asked: Array<{ message: string; c: RemoteConfirmation }> = [];

  before(async () => {
    // Set before the engine worker starts (it copies the environment).
    process.env[SECRET_ENV] = SECRET;
    process.env.XLENS_API_KEY = DEFAULT_KEY;
    api = await testingApi();
    server = await startRecorder();
    copySample(workspaceFolder());
    model = `openai:${server.url}/v1#hostile-model?keyEnv=${SECRET_ENV}`;
  });
  after(async () => {
    api.setConfirmRemote(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    delete process.env[SECRET_ENV];
    delete process.env.XLENS_API_KEY;
  });

  const showProjection = async (run: vscode.Uri, answer: boolean) => {
    api.setConfirmRemote(async (message, c) => {
      asked.push({ message, c });
      return answer;
    });
    const decisionsBefore = api.decisions().length;
    const jobsBefore = api.jobs().length;
    await vscode.commands.executeCommand('xlens.showProjection', run);
    const decision = await waitFor('the trust decision', () => api.decisions().slice(decisionsBefore).find((d) => d.source === model));
    return { decision, jobsBefore };
  };

  it('is trusted', () => {
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('asks first, naming the host, and sends nothing when the user declines', async () => {
    const { decision, jobsBefore } = await showProjection(writeRunFile('remote-declined', model, 'xquad-mini'), false);
    assert.equal(decision.outcome, 'declined');
    assert.equal(asked.length, 1);
    assert.equal(asked[0].c.host, server.host);
    assert.match(asked[0].message, new RegExp(`the run file \\.xlens/runs/remote-declined\\.json asks to send corpus texts to ${server.host.replace(/\./g, '\\.')}`));
    assert.ok(!asked[0].message.includes(SECRET_ENV), 'the variable the run file chose is not offered');
    await sleep(1500);
    assert.equal(server.requests.length, 0, 'no request reached the server');
    assert.ok(!api.jobs().slice(jobsBefore).some((j) => j.kind === 'project'), 'no projection job ran');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('treats a workspace-level model setting as workspace content, a user-level one as the user\'s', async () => {
    const c = vscode.workspace.getConfiguration('xlens');
    const theirs = `openai:${server.url}/v1#workspace-model?keyEnv=${SECRET_ENV}`;
    const mine = `openai:${server.url}/v1#my-model?keyEnv=${SECRET_ENV}`;
    await c.update('remoteEndpoint', theirs, vscode.ConfigurationTarget.Workspace);
    await c.update('modelSources', ['builtin:char-ngram', mine], vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(api.settingOrigin(theirs), { kind: 'workspace', what: 'the workspace setting xlens.remoteEndpoint' });
      assert.deepEqual(api.settingOrigin(mine), { kind: 'user' });
      assert.deepEqual(api.settingOrigin('Xenova/multilingual-e5-small'), { kind: 'user' }, 'the default');
      asked.length = 0;
      api.setConfirmRemote(async (message, c) => {
        asked.push({ message, c });
        return false;
      });
      assert.equal(await api.approveModel(theirs, api.settingOrigin(theirs), workspaceFolder()), undefined, 'declined');
      assert.equal(asked.length, 1);
      assert.match(asked[0].message, new RegExp(`the workspace setting xlens\.remoteEndpoint asks to send corpus texts to ${server.host.replace(/\./g, '\\.')}`));
      assert.equal(await api.approveModel(mine, api.settingOrigin(mine), workspaceFolder()), mine, 'the user\'s own source, keyEnv and all, without asking');
      assert.equal(asked.length, 1);
      assert.equal(server.requests.length, 0);
    } finally {
      await c.update('remoteEndpoint', undefined, vscode.ConfigurationTarget.Workspace);
      await c.update('modelSources', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('on confirmation projects through the server with $XLENS_API_KEY, never the variable the run file named', async () => {
    asked.length = 0;
    const { decision, jobsBefore } = await showProjection(writeRunFile('remote-confirmed', model, 'xquad-mini'), true);
    assert.equal(decision.outcome, 'allowed');
    assert.deepEqual(decision.hosts, [server.host]);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].c.host, server.host);
    const job = await waitFor('the projection job', () => api.jobs().slice(jobsBefore).find((j) => j.kind === 'project'));
    assert.equal(job.outcome, 'done', job.message);
    assert.ok(server.requests.length >= 2, `${server.requests.length} requests (a probe, then the texts)`);
    for (const r of server.requests) {
      assert.equal(r.url, '/v1/embeddings');
      assert.equal(r.headers.authorization, `Bearer ${DEFAULT_KEY}`);
    }
    assert.ok(server.requests.some((r) => r.body.includes('Panthers')), 'the corpus texts were sent, as confirmed');
    assert.equal(leaked(server), false, `$${SECRET_ENV} reached the server`);
  });
});
