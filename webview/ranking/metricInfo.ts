/**
 * What the panels know about metric names: their definition text (a report's `definitions` use
 * symbolic k/K and <lang>, as in src/core/report/definitions.ts) and which way is better.
 */
export function definitionOf(key: string, defs: Record<string, string>): string | undefined {
  const candidates = [
    key,
    key.replace(/@\d+/, '@k'),
    key.replace(/@\d+/, '@K'),
    key.replace(/@\d+\.[^.]+$/, '@k.<lang>'),
    key.replace(/\.[^.]+$/, '.<lang>'),
  ];
  if (key === 'queries') return 'Number of queries scored.';
  for (const c of candidates) if (defs[c]) return defs[c];
  return undefined;
}

const LOWER_IS_BETTER = /^(Max@R|Max@R\.median|nMax@R|EIR|EIR\.count|Alignment|Uniformity|MaxRank)$/;

export function lowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}
