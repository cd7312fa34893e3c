import * as assert from 'node:assert/strict';
import { languageLabel } from '../../../src/core/data/languageLabel';
import { formatLanguage, languageDisplay, languageNamesOf } from '../../../src/core/data/languageNames';

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

  it('formats "code — name" for pickers and panels', () => {
    assert.equal(formatLanguage('de'), 'de — German');
    assert.equal(formatLanguage('ace-Arab'), 'ace-Arab — Acehnese (Arabic script)');
    assert.equal(formatLanguage('zh-Hant'), 'zh-Hant — Chinese (Traditional)');
    assert.equal(formatLanguage('haw'), 'haw — Hawaiian');
    assert.equal(formatLanguage('qqq'), 'qqq');
  });

  it('sends names to webviews, which format them without the code table', () => {
    const names = languageNamesOf(['de', 'ace-Arab', 'overall', 'all', 'qqq', 'de']);
    assert.deepEqual(names, { de: 'German', 'ace-Arab': 'Acehnese (Arabic script)' });
    assert.equal(languageLabel('de', names), 'de — German');
    assert.equal(languageLabel('ace-Arab', names), formatLanguage('ace-Arab'));
    assert.equal(languageLabel('overall', names), 'overall');
    assert.equal(languageLabel('fr'), 'fr');
    assert.equal(languageLabel('fr', 'French'), 'fr — French');
    assert.equal(languageLabel('fr', ''), 'fr');
    // Every FLORES-200 code shown by a webview reads as the engine formats it.
    const flores = ['eng_Latn', 'ace_Arab', 'zho_Hant', 'arb_Latn', 'kas_Deva', 'taq_Tfng'].map((l) => languageDisplay(l.replace('_', '-')).code);
    const sent = languageNamesOf(flores);
    for (const c of flores) assert.equal(languageLabel(c, sent), formatLanguage(c));
  });
});
