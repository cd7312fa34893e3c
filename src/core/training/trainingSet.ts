import type { TextRole } from '../encoders/encoder';
import { fingerprintOf } from '../util/hash';

/**
 * Training data in the form the trainer consumes: distinct texts (each encoded once by the base
 * model) and examples that point at them. An example is one parallel quadruple of SPEC §5:
 * English question, target-language question, English passage, target passage; `group`
 * identifies the passage across languages.
 */
export interface TrainingText {
  text: string;
  role: TextRole;
  lang: string;
}

export interface TrainExample {
  /** Target language L (≠ pivot). */
  lang: string;
  group: number;
  qEn: number;
  qL: number;
  pEn: number;
  pL: number;
}

/** Mined with the base model (see hardNegatives.ts): `count` per example, row-major by example. */
export interface HardNegatives {
  count: number;
  /** Rank window, 1-based and inclusive, as requested. */
  window: [number, number];
  /** Passage groups (their English passage and its translation become candidates). */
  groups: Int32Array;
  /** Text ids of target-language questions about the passages in `groups`, index for index
   * (CLEAR's reverse direction: negative t names the same passage on both sides). */
  queries: Int32Array;
  queryGroups: Int32Array;
}

export interface TrainingSet {
  /** English, or the pivot language given. */
  pivot: string;
  /** Target languages present in the examples. */
  langs: string[];
  texts: TrainingText[];
  examples: TrainExample[];
  /** Per group: text id of the passage in each language it exists in. */
  groupTexts: Array<Record<string, number>>;
  hard?: HardNegatives;
  /** Where the data came from and how it was split, for the checkpoint. */
  source: { kind: 'qa' | 'parallel' | 'jsonl'; path: string; split: string };
  /** Hash of the texts and examples (before mining). */
  fingerprint: string;
}

/** Builds a set text by text, sharing ids between identical (text, role) pairs. */
export class TrainingSetBuilder {
  readonly texts: TrainingText[] = [];
  readonly examples: TrainExample[] = [];
  readonly groupTexts: Array<Record<string, number>> = [];
  private readonly textIds = new Map<string, number>();
  private readonly groupIds = new Map<string, number>();

  constructor(readonly pivot: string) {}

  text(text: string, role: TextRole, lang: string): number {
    const key = `${role}\u0000${lang}\u0000${text}`;
    let id = this.textIds.get(key);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push({ text, role, lang });
      this.textIds.set(key, id);
    }
    return id;
  }

  /** The group of a passage key; records the passage text of each language seen. */
  group(key: string, lang: string, textId: number): number {
    let g = this.groupIds.get(key);
    if (g === undefined) {
      g = this.groupTexts.length;
      this.groupTexts.push({});
      this.groupIds.set(key, g);
    }
    this.groupTexts[g][lang] ??= textId;
    return g;
  }

  example(lang: string, passageKey: string, q: { en: string; L: string }, p: { en: string; L: string }): void {
    const pEn = this.text(p.en, 'passage', this.pivot);
    const pL = this.text(p.L, 'passage', lang);
    const group = this.group(passageKey, this.pivot, pEn);
    this.group(passageKey, lang, pL);
    this.examples.push({ lang, group, qEn: this.text(q.en, 'query', this.pivot), qL: this.text(q.L, 'query', lang), pEn, pL });
  }

  build(source: TrainingSet['source']): TrainingSet {
    const langs = [...new Set(this.examples.map((e) => e.lang))];
    const fingerprint = fingerprintOf(
      'xlens-training-data',
      1,
      this.pivot,
      JSON.stringify(this.texts.map((t) => [t.role, t.lang, t.text])),
      JSON.stringify(this.examples.map((e) => [e.lang, e.group, e.qEn, e.qL, e.pEn, e.pL])),
    );
    return { pivot: this.pivot, langs, texts: this.texts, examples: this.examples, groupTexts: this.groupTexts, source, fingerprint };
  }
}
