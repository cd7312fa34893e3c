// Runs inside the extension host (see ./index.ts): XLens loads, activates and registers its commands.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const ID = 'xlens.xlens';

describe('XLens in VS Code', () => {
  it('is installed as the extension under development', () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `${ID} not found`);
    assert.equal(ext.packageJSON.publisher, 'xlens');
  });

  it('activates', async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext);
    const t0 = performance.now();
    await ext.activate();
    assert.ok(ext.isActive);
    // Picked up by runExtensionTests to report activation time.
    console.log(`[xlens-activation] activate() took ${(performance.now() - t0).toFixed(0)} ms`);
  });

  it('registers xlens.openLog', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('xlens.openLog'));
  });

  it('registers every command it contributes, and contributes the XLens view', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 10, `only ${contributed.length} commands contributed`);
    for (const c of contributed) assert.ok(registered.has(c), `${c} is contributed but not registered`);
    assert.ok(ext.packageJSON.contributes.views.xlens.some((v: { id: string }) => v.id === 'xlens.runs'));
  });

  it('runs xlens.openLog', async () => {
    await vscode.commands.executeCommand('xlens.openLog');
  });
});
