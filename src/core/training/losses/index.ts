import { UserError } from '../../errors';
import { clearLoss } from './clear';
import type { LossFn } from './common';
import { DEFAULT_DIRECTIONS, type Direction, formatDirections, infonceLoss } from './infonce';
import { type JsdMode, jsdLoss } from './jsd';
import { MIMO_DIRECTIONS, mimoLoss } from './mimo';

export type { LossContext, LossFn, LossValue } from './common';

export type LossKind = 'infonce' | 'jsd' | 'clear' | 'mimo';
export const LOSS_KINDS: readonly LossKind[] = ['infonce', 'jsd', 'clear', 'mimo'];

/** Every loss setting, with the SPEC §5 defaults filled in by `lossConfig`. */
export interface LossConfig {
  kind: LossKind;
  /** γ: scores are γ·cos (default 20, temperature 0.05). */
  scale: number;
  /** InfoNCE directions (infonce, jsd; MIMO stage 2). */
  directions: Direction[];
  /** λ: JSD weight (jsd) or InfoNCE weight in MIMO stage 2 (default 1). */
  lambda: number;
  jsdMode: JsdMode;
  /** CLEAR's α and β (0.4, 0.2). */
  alpha: number;
  beta: number;
  /** MIMO: share of the steps in stage 1 (0.5). */
  stage1Fraction: number;
}

export function lossConfig(kind: LossKind, over: Partial<Omit<LossConfig, 'kind'>> = {}): LossConfig {
  if (!LOSS_KINDS.includes(kind)) throw new UserError(`unknown loss "${kind}"; one of ${LOSS_KINDS.join(', ')}`);
  const cfg: LossConfig = {
    kind,
    scale: over.scale ?? 20,
    directions: over.directions ?? (kind === 'mimo' ? MIMO_DIRECTIONS : DEFAULT_DIRECTIONS),
    lambda: over.lambda ?? 1,
    jsdMode: over.jsdMode ?? 'distribution',
    alpha: over.alpha ?? 0.4,
    beta: over.beta ?? 0.2,
    stage1Fraction: over.stage1Fraction ?? 0.5,
  };
  if (!(cfg.scale > 0)) throw new UserError(`the score scale must be > 0, got ${cfg.scale}`);
  if (!(cfg.lambda >= 0)) throw new UserError(`λ must be ≥ 0, got ${cfg.lambda}`);
  if (!(cfg.alpha >= 0 && cfg.beta >= 0 && cfg.alpha + cfg.beta <= 1)) throw new UserError(`CLEAR needs α, β ≥ 0 with α + β ≤ 1, got ${cfg.alpha}, ${cfg.beta}`);
  if (!(cfg.stage1Fraction >= 0 && cfg.stage1Fraction <= 1)) throw new UserError(`the MIMO stage-1 fraction must be in [0, 1], got ${cfg.stage1Fraction}`);
  return cfg;
}

export function makeLoss(cfg: LossConfig): LossFn {
  switch (cfg.kind) {
    case 'infonce':
      return infonceLoss(cfg);
    case 'jsd':
      return jsdLoss({ scale: cfg.scale, directions: cfg.directions, lambda: cfg.lambda, mode: cfg.jsdMode });
    case 'clear':
      return clearLoss(cfg);
    case 'mimo':
      return mimoLoss(cfg);
  }
}

/** The settings that matter for a kind, JSON-ready (for checkpoints and reports). */
export function describeLoss(cfg: LossConfig): Record<string, string | number> {
  const base = { kind: cfg.kind, scale: cfg.scale };
  switch (cfg.kind) {
    case 'infonce':
      return { ...base, directions: formatDirections(cfg.directions) };
    case 'jsd':
      return { ...base, directions: formatDirections(cfg.directions), lambda: cfg.lambda, mode: cfg.jsdMode };
    case 'clear':
      return { ...base, alpha: cfg.alpha, beta: cfg.beta };
    case 'mimo':
      return { ...base, directions: formatDirections(cfg.directions), lambda: cfg.lambda, stage1Fraction: cfg.stage1Fraction };
  }
}
