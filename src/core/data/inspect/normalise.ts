/**
 * The normal form used to call two texts the same (duplicates, source copies): Unicode NFKC,
 * lower case, every run of white space one space, trimmed.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

const LETTER = /\p{L}/u;

/** True when the text holds at least one letter (of any script). */
export function hasLetter(text: string): boolean {
  return LETTER.test(text);
}

/** Whitespace-separated tokens (words for languages that separate them). */
export function whitespaceTokens(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/u).length;
}

/** Length in Unicode code points (not UTF-16 units: one emoji or CJK extension character counts 1). */
export function charLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}
