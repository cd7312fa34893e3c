import * as fs from 'node:fs';
import * as path from 'node:path';
import { CharNgramEncoder } from '../src/core/encoders/charNgram';
import { type Bench, type Figures } from './figures';
import { sharedDataOrSkip } from './paths';

/**
 * `encoder.char_ngram.texts_per_sec`: the embedded default encoding real short sentences
 * (Tatoeba, all 112 pairs, both sides; ~31 characters each) on one core.
 */
export const charNgramBench: Bench = {
  name: 'char-ngram',
  async run(): Promise<Figures> {
    const dir = sharedDataOrSkip('char-ngram', 'tatoeba');
    if (!dir) return {};
    const texts = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('tatoeba.'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));
    const enc = new CharNgramEncoder();
    await enc.encode(texts.slice(0, 2000)); // warm-up (JIT)
    const t = performance.now();
    await enc.encode(texts);
    const perSec = texts.length / ((performance.now() - t) / 1000);
    return {
      'encoder.char_ngram.texts_per_sec': {
        value: Math.round(perSec),
        unit: 'texts/s',
        better: 'higher',
        target: 20000,
        note: `${texts.length} Tatoeba sentences, dim ${enc.info.dim}, one thread`,
      },
    };
  },
};
