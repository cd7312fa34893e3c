import * as assert from 'node:assert/strict';
import { languageDisplay } from '../../../src/core/data/languageNames';

describe('data/languageNames', () => {
  it('names FLORES codes from the table, with the script when it is not the usual one', () => {
    assert.equal(languageDisplay('de').display, 'de — German');
    const ace = languageDisplay('ace-Arab', 'ace_Arab');
    assert.equal(ace.display, 'ace_Arab — Acehnese (Arabic script)');
    assert.equal(ace.script, 'Arab');
    assert.equal(ace.scriptName, 'Arabic');
    assert.equal(languageDisplay('ace', 'ace_Latn').script, 'Latn');
    assert.equal(languageDisplay('zh-Hant', 'zho_Hant').name, 'Chinese (Traditional)');
    assert.equal(languageDisplay('zh', 'zho_Hans').scriptName, 'Han (Simplified)');
  });

  it('falls back to Intl.DisplayNames, then to the code', () => {
    assert.equal(languageDisplay('haw').name, 'Hawaiian'); // not in the FLORES table
    assert.equal(languageDisplay('haw').script, 'Latn');
    const unknown = languageDisplay('qqq');
    assert.equal(unknown.display, 'qqq');
    assert.equal(unknown.script, 'Zzzz');
  });
});
