/**
 * Text search over the point texts: case-insensitive substring match, whitespace-separated
 * terms must all occur. Texts are lower-cased once, so each keystroke is one pass. Pure.
 */
export class TextSearch {
  private readonly lowered: string[];

  constructor(texts: readonly string[]) {
    this.lowered = texts.map((t) => t.toLocaleLowerCase());
  }

  /** Indices of matching texts, ascending; none for an empty query. */
  find(query: string): number[] {
    const terms = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return [];
    const out: number[] = [];
    this.lowered.forEach((t, i) => {
      if (terms.every((term) => t.includes(term))) out.push(i);
    });
    return out;
  }
}
