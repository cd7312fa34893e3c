import assert from 'node:assert/strict';
import { readMtebBaseline } from '../../src/core/report/mtebBaseline';
import { baselineDifference } from '../../webview/compare/deltaTable';
import { baselineCells, baselineExtras, baselineLabel, baselineNote } from '../../webview/ranking/baselineRow';

const file = JSON.stringify({
  task_name: 'XQuADRetrieval',
  scores: {
    test: [
      { hf_subset: 'de', languages: ['deu-Latn'], main_score: 0.8, ndcg_at_10: 0.8, map_at_10: 0.7, recall_at_100: 0.95, precision_at_1: 0.6 },
      { hf_subset: 'de-en', languages: ['deu-Latn', 'eng-Latn'], ndcg_at_10: 0.5 },
    ],
  },
  model_name: '<img src=x onerror=alert(1)>',
});

describe('webview/ranking baseline row (MTEB result under a language row)', () => {
  const b = readMtebBaseline(file, '/home/u/results/XQuAD.json');
  const columns = ['queries', 'nDCG@10', 'mAP', 'Recall@100', 'MRR@10'];

  it('labels the row with the model and file name (as text: the page sets it via textContent)', () => {
    assert.equal(baselineLabel(b), 'MTEB baseline: <img src=x onerror=alert(1)> (XQuAD.json)');
    assert.equal(baselineLabel({ ...b, model: undefined }), 'MTEB baseline: model not named in the file (XQuAD.json)');
  });

  it('one cell per column: value with Δ = run − baseline for same-definition metrics, – where the baseline lacks it, mAP never equated with MAP@10', () => {
    const cells = baselineCells(columns, { queries: 40, 'nDCG@10': 0.85, mAP: 0.9, 'Recall@100': 0.9 }, b.byLanguage.de, b.comparable);
    assert.deepEqual(cells.map((c) => c.text), ['–', '0.800 (Δ +0.050)', '–', '0.950 (Δ −0.050)', '–']);
    assert.match(cells[2].title, /not XLens's mAP/);
    assert.match(cells[4].title, /not in the MTEB result/);
    // A run without the value: the baseline value alone, no Δ.
    assert.deepEqual(baselineCells(['nDCG@10'], { 'nDCG@10': NaN }, b.byLanguage.de, b.comparable).map((c) => c.text), ['0.800']);
    // A metric MTEB has but whose definition differs from XLens's is shown without Δ, even under the same column name.
    assert.deepEqual(baselineCells(['MAP@10'], { 'MAP@10': 0.1 }, b.byLanguage.de, b.comparable).map((c) => c.text), ['0.700']);
    assert.deepEqual(baselineCells(['nDCG@10'], { 'nDCG@10': 0.8 }, b.byLanguage.de, b.comparable).map((c) => c.text), ['0.800 (Δ ±0.000)']);
  });

  it('says what it cannot show: metrics without a column, rows without a run language', () => {
    assert.deepEqual(baselineExtras(b, columns, ['de', 'fr']), { metrics: ['MAP@10', 'P@1'], languages: ['de→en'] });
    const note = baselineNote(b, columns, ['de', 'fr']);
    assert.match(note, /task XQuADRetrieval, split test/);
    assert.match(note, /Δ = run − baseline, only where the metric has the same definition \(Recall@100, nDCG@10\)/);
    assert.match(note, /MAP@10, P@1 \(MAP@k is AP cut at k, not XLens's mAP\)/);
    assert.match(note, /baseline rows with no run language: de→en/);
  });
});

describe('webview/compare baseline difference', () => {
  it('A − baseline and B − baseline only where MTEB’s metric is XLens’s', () => {
    assert.equal(baselineDifference('nDCG@10', { a: 0.81, b: 0.75 }, 0.8, ['nDCG@10']), 'A − baseline +0.010, B − baseline −0.050');
    assert.match(baselineDifference('MAP@10', { a: 0.81, b: 0.75 }, 0.8, ['nDCG@10']), /not defined as XLens's: no difference shown/);
  });
});
