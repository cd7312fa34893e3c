import * as assert from 'node:assert/strict';
import { bitextCsv, renderBitextMarkdown } from '../../../src/core/report/bitextExport';
import { bitextFigures } from '../../../src/core/report/bitextFigures';
import type { BitextReport } from '../../../src/core/report/schema';

const XSS = '<img src=x onerror=alert(1)>';

function report(extra: Partial<BitextReport> = {}): BitextReport {
  return {
    tool: 'xlens',
    version: '0',
    createdAt: '2026-01-01T00:00:00Z',
    kind: 'bitext',
    dataset: { name: 'hand', path: 'x', format: 'flores', languages: [{ code: 'en', label: 'eng_Latn' }, { code: 'ace-Arab', label: 'ace_Arab' }, { code: 'de', label: 'deu_Latn' }], skipped: 0 },
    model: { source: 's', name: 's', dim: 2, fingerprint: 'f', settings: {} } as BitextReport['model'],
    definitions: {},
    pairs: {
      'ace-Arab-en': { pairs: 10, BitextAcc: 0.2, 'BitextAcc.reverse': 0.4 },
      'de-en': { pairs: 10, BitextAcc: 0.9, 'BitextAcc.reverse': 0.7 },
    },
    byLanguage: {},
    overall: { BitextAcc: 0.55 },
    timings: {},
    notes: [],
    ...extra,
  };
}

describe('report/bitextFigures', () => {
  it('splits hyphenated codes of old reports by their byLanguage keys; bars average the directions', () => {
    const r = report();
    r.byLanguage = { 'ace-Arab': r.pairs['ace-Arab-en'], de: r.pairs['de-en'] };
    const f = bitextFigures(r);
    assert.equal(f.pivot, 'en');
    assert.equal(f.matrix, 'pivot');
    assert.deepEqual(f.languages.map((l) => l.display), ['eng_Latn — English', 'ace_Arab — Acehnese (Arabic script)', 'deu_Latn — German']);
    assert.deepEqual(f.cells.map((c) => `${c.source}>${c.target}:${c.accuracy}`), ['ace-Arab>en:0.2', 'en>ace-Arab:0.4', 'de>en:0.9', 'en>de:0.7']);
    const en = f.bars.find((b) => b.code === 'en')!;
    assert.ok(Math.abs(en.asSource - 0.55) < 1e-12);
    assert.ok(Math.abs(en.asTarget - 0.55) < 1e-12);
    assert.match(f.note, /Pivot-centred: each of 2 languages against eng_Latn, both directions \(not the full 3×3 matrix/);
  });

  it('orders misses worst first and exports escaped Markdown and CSV', () => {
    const miss = (rank: number, text: string) => ({
      direction: 'forward' as const,
      sentence: { id: 'a', lang: 'de', text },
      translation: { id: 'b', text: 'tr', score: 0.1 },
      neighbour: { id: 'c', text: 'nb | x', score: 0.5 },
      rank,
      candidates: 10,
    });
    const r = report({ pairLanguages: { 'ace-Arab-en': { source: 'ace-Arab', target: 'en' }, 'de-en': { source: 'de', target: 'en' } }, worst: { 'de-en': [miss(2, 'a'), miss(7, XSS)] } });
    const f = bitextFigures(r);
    assert.deepEqual(f.misses.map((m) => m.rank), [7, 2]);
    assert.equal(f.misses[0].targetLang, 'en');
    const mdText = renderBitextMarkdown(r, f);
    assert.ok(!mdText.includes('<img'), 'corpus HTML is escaped in Markdown');
    assert.ok(mdText.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(mdText.includes('nb \\| x'));
    const csv = bitextCsv(f);
    assert.equal(csv.split('\r\n')[0], 'pair,source,source_name,target,target_name,accuracy,margin_accuracy,sentences');
    assert.ok(csv.includes('de-en,de,German,en,English,0.9,,10'));
  });
});
