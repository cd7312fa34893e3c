import type { PreTrainedTokenizer } from '@huggingface/transformers';

/**
 * Token ids of one text for the model, cut to `maxLength` the way Hugging Face tokenizers do it
 * in Python and sentence-transformers: content tokens are dropped from the end and the closing
 * special tokens (`[SEP]`, `</s>`) are kept. (transformers.js's own truncation cuts the closing
 * token off; for texts that fit, both give the same ids.)
 */
export class TextTokenizer {
  /** Special tokens the post-processor puts after the content. */
  private readonly suffix: number[];

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    readonly maxLength: number,
  ) {
    this.suffix = closingSpecials(tokenizer);
    if (maxLength <= this.suffix.length + 1) throw new Error(`maxLength ${maxLength} leaves no room for text`);
  }

  /** Ids with special tokens, and whether the text was cut. */
  encode(text: string): { ids: number[]; truncated: boolean } {
    const ids: number[] = this.tokenizer.encode(text);
    if (ids.length <= this.maxLength) return { ids, truncated: false };
    const keep = this.maxLength - this.suffix.length;
    return { ids: ids.slice(0, keep).concat(this.suffix), truncated: true };
  }
}

/** The tokens after the content in `encode(text)`, found by encoding a probe with and without specials. */
function closingSpecials(tokenizer: PreTrainedTokenizer): number[] {
  const probe = 'a b';
  const all: number[] = tokenizer.encode(probe);
  const bare: number[] = tokenizer.encode(probe, { add_special_tokens: false });
  for (let p = 0; p + bare.length <= all.length; p++) {
    if (bare.every((id, j) => all[p + j] === id)) return all.slice(p + bare.length);
  }
  return [];
}

/**
 * The longest input the model takes: the smallest of the tokenizer's `model_max_length` (unset
 * tokenizers report a huge number) and the position table (RoBERTa-style models reserve two
 * positions for the padding offset).
 */
export function modelMaxLength(tokenizer: PreTrainedTokenizer, config: Record<string, unknown>): number {
  const fromTokenizer = Number(tokenizer.model_max_length);
  const positions = Number(config.max_position_embeddings);
  const offset = ['roberta', 'xlm-roberta', 'camembert', 'xlm-roberta-xl'].includes(String(config.model_type)) ? 2 : 0;
  const limits = [fromTokenizer, positions - offset].filter((n) => Number.isFinite(n) && n > 0 && n < 1e6);
  return limits.length ? Math.min(...limits) : 512;
}
