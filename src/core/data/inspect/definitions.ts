import { LENGTH_RATIO_FACTOR, LENGTH_RATIO_MIN_CHARS, LENGTH_RATIO_MIN_ROWS } from './suspect';

/** What each figure and flag of the inspector means (shown in the panel, written by the CLI). */
export const INSPECT_DEFINITIONS: Record<string, string> = {
  rows: 'Units sharing a parallel key form a row (parallel sentences; question keys; passage groups and position within the group).',
  chars: 'Length in Unicode code points.',
  words: 'Whitespace-separated tokens (close to words only for languages that separate words by spaces).',
  tokens: "Tokens under the model's tokenizer, special tokens included, without any query/passage prefix; truncated = longer than the model's max length.",
  normalised: 'Normal form for comparisons: Unicode NFKC, lower case, white space collapsed and trimmed.',
  empty: 'Empty or white space only (loaders skip most of these; skipped inputs are listed with file and line).',
  nonText: 'No letter in any script: only digits, punctuation or symbols.',
  duplicate: 'Same normalised text as an earlier unit of the same set, language and role; every later occurrence is flagged.',
  copy: 'Same normalised text (with letters) as the reference column in the same row: an untranslated copy.',
  lengthRatio: `Character ratio to the reference column more than ${LENGTH_RATIO_FACTOR}× off the language's median ratio (longer side ≥ ${LENGTH_RATIO_MIN_CHARS} characters; languages with ≥ ${LENGTH_RATIO_MIN_ROWS} rows).`,
  language: "Declared language differs from the identifier's reliable detection with confidence ≥ the threshold; confidence = 1 − score(declared)/score(detected). Languages the identifier does not support are not checked.",
};
