import { parseLangList } from '../../core/data/languages';
import { openEncoder } from '../../core/encoders/sources';
import { UserError } from '../../core/errors';
import { ADAPTER_KINDS, type AdapterKind } from '../../core/training/adapters';
import { HELD_OUT_METRICS } from '../../core/training/heldOut';
import { LOSS_KINDS, type LossKind } from '../../core/training/losses';
import { JSD_MODES, type JsdMode } from '../../core/training/losses/jsd';
import { runTrainJob, type TrainRequest } from '../../core/training/trainJob';
import { DEFAULT_PATIENCE, TRAIN_DEFAULTS as D } from '../../core/training/defaults';
import type { TrainEvent } from '../../core/training/trainer';
import { parseArgs, type ParsedArgs, required } from '../args';
import type { CommandContext } from '../context';
import { outputFlag, parseFormat } from './options';

export const TRAIN_HELP = `xlens train --data PATH --langs de,zh [options]   train an alignment adapter over frozen embeddings
  --data PATH          XQuAD/XQuAD-R/Belebele (split by article), FLORES/SIB-200 or Tatoeba (split by sentence),
                       or JSONL {"q_en","q_L","p_en","p_L","lang"} (split by passage)
  --model M            base model source, any form --model takes elsewhere (default builtin:char-ngram)
  --langs a,b,...      target languages (required)         --pivot L   English side (default en)
  --loss L             infonce | jsd | clear | mimo (default jsd: JSD + InfoNCE)
  --adapter A          linear | lowrank | orthogonal (default linear)
  --lr X (${D.lr})  --batch N (${D.batchSize})  --seed N (${D.seed})  --weight-decay X (${D.weightDecay})  --warmup X (${D.warmup} of the steps)
  --min-steps N        train at least N steps, in whole epochs (default ${D.minSteps}; 0 = exactly --epochs;
                       giving --epochs alone sets it to 0)
  --epochs N           whole passes over the training examples (default ${D.epochs}, more when --min-steps needs them)
  --validation X       share of the training articles/passages/sentences kept for validation (default ${D.validationFraction})
  --eval-every N       validation evaluation every N steps (default ${D.evalEvery}; 0 = only before and after)
  --early-stop METRIC  stop when validation METRIC stops improving and keep the best step
                       (default ${D.earlyStopping?.metric ?? 'off'}; off, or one of ${HELD_OUT_METRICS.join(', ')})
  --patience N         validation evaluations without improvement before stopping (default ${DEFAULT_PATIENCE})
                       The test split (held-out articles) is measured once, after training.
  --rank R             lowrank rank (default 16)         --orth-penalty X   orthogonal penalty weight (default 1)
  --hard-negatives N   mined per example with the base model (default ${D.hardNegatives}; 0 = in-batch only)
  --hard-window A-B    their rank window (default ${D.hardWindow.join('-')})
  --directions D       InfoNCE directions, e.g. L>L+en,en>L+en (default; en>L, L>en for mimo)
  --lambda X           JSD weight (jsd) or InfoNCE weight (mimo stage 2) (default 1)
  --jsd-mode M         distribution | parallel-doc (default distribution)
  --alpha X --beta X   CLEAR weights (default 0.4, 0.2)    --scale X   score scale γ (default 20)
  --mimo-stage1 X      share of the steps in MIMO stage 1 (default 0.5)   --teacher M   MIMO teacher model
  --train-fraction X   share of articles/passages/sentences trained on (default 0.5 for QA, 0.8 otherwise)
  --eval-data PATH     test on this QA corpus instead of the held-out split
  --format F           force the data format (also train-jsonl)
  --out DIR            checkpoint folder (default .xlens/checkpoints/<loss>-<adapter>-<langs>); re-training replaces
                       only XLens's files in it
  --force              write into a folder that holds other files but no checkpoint (they are kept)`;

const VALUES = [
  'data', 'format', 'model', 'teacher', 'langs', 'pivot', 'loss', 'adapter', 'epochs', 'batch', 'lr', 'seed', 'weight-decay', 'warmup',
  'eval-every', 'early-stop', 'patience', 'rank', 'orth-penalty', 'hard-negatives', 'hard-window', 'directions', 'lambda', 'jsd-mode',
  'alpha', 'beta', 'scale', 'mimo-stage1', 'train-fraction', 'eval-data', 'out', 'min-steps', 'validation',
];

export async function runTrain(argv: string[], ctx: CommandContext): Promise<void> {
  const args = parseArgs(argv, { values: VALUES, booleans: ['force'] }, 'train');
  const req = parseTrainArgs(args, ctx.cwd);
  outputFlag(args, 'out', ctx.cwd, 'folder');
  let total = 0;
  let every = 1;
  const fmt = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${round(v)}`).join(', ');
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'start') {
      total = e.totalSteps;
      every = Math.max(1, Math.round(total / 20));
      ctx.doneProgress();
      ctx.err(`training a ${req.adapter} adapter with ${req.loss} on ${e.examples} examples (${e.langs.join(', ')}): ${total} steps (${e.epochs} epochs of ${e.stepsPerEpoch}), ${e.kernel}`);
    } else if (e.type === 'step') {
      ctx.progress({ phase: 'training', done: e.step, total, unit: 'steps' });
      if (e.step % every === 0 || e.step === total) {
        ctx.doneProgress();
        ctx.err(`step ${e.step}/${total} epoch ${e.epoch}: loss ${round(e.loss)} (${fmt(e.components)}) lr ${e.lr.toExponential(2)}${e.stage ? ` stage ${e.stage}` : ''}`);
      }
    } else if (e.type === 'eval') {
      ctx.doneProgress();
      ctx.err(`validation @ step ${e.step}: ${fmt(e.metrics)}${e.best ? ' (best)' : ''}`);
    } else if (e.type === 'done') {
      ctx.doneProgress();
      ctx.err(`stopped after ${e.step} steps: ${e.reason}${e.bestStep !== undefined ? `, best at step ${e.bestStep}` : ''}`);
    }
  };
  const result = await runTrainJob(req, { signal: ctx.signal, onProgress: ctx.progress, onEvent, openEncoder });
  ctx.doneProgress();
  const m = result.meta.metrics;
  if (m?.base) {
    if (m.validation) ctx.out(m.validation.split + (m.validation.step !== undefined ? `; saved step ${m.step}` : ''));
    ctx.out(m.split ?? 'test');
    ctx.out(`test ${'metric'.padEnd(22)} ${'base'.padStart(9)} ${'trained'.padStart(9)}`);
    for (const k of Object.keys(m.heldOut)) ctx.out(`     ${k.padEnd(22)} ${round(m.base[k]).padStart(9)} ${round(m.heldOut[k]).padStart(9)}`);
  }
  ctx.err(`checkpoint written to ${result.out} (use it as --model ${result.out})`);
}

export function parseTrainArgs(args: ParsedArgs, cwd: string): TrainRequest {
  const f = args.flags;
  const langs = parseLangList(required(args, 'langs', 'train'));
  const pivot = parseLangList(f.get('pivot') ?? 'en')[0];
  const loss = oneOf<LossKind>('loss', f.get('loss') ?? 'jsd', LOSS_KINDS);
  const adapter = oneOf<AdapterKind>('adapter', f.get('adapter') ?? 'linear', ADAPTER_KINDS);
  const format = f.get('format') === 'train-jsonl' ? 'train-jsonl' : parseFormat(f.get('format'));
  const earlyMetric = f.get('early-stop') ?? D.earlyStopping?.metric;
  const patience = num(f, 'patience') ?? D.earlyStopping?.patience ?? DEFAULT_PATIENCE;
  // An explicit --epochs means those epochs, unless --min-steps is given too.
  const minSteps = num(f, 'min-steps') ?? (f.has('epochs') ? 0 : D.minSteps);
  const targets = langs.filter((l) => l !== pivot);
  return {
    data: required(args, 'data', 'train'),
    format,
    model: f.get('model') ?? 'builtin:char-ngram',
    teacher: f.get('teacher'),
    langs: targets,
    pivot,
    loss,
    adapter,
    directions: f.get('directions'),
    lambda: num(f, 'lambda'),
    jsdMode: f.has('jsd-mode') ? oneOf<JsdMode>('jsd-mode', f.get('jsd-mode')!, JSD_MODES) : undefined,
    alpha: num(f, 'alpha'),
    beta: num(f, 'beta'),
    scale: num(f, 'scale'),
    stage1Fraction: num(f, 'mimo-stage1'),
    rank: num(f, 'rank'),
    orthPenalty: num(f, 'orth-penalty'),
    epochs: num(f, 'epochs') ?? D.epochs,
    minSteps,
    batchSize: num(f, 'batch') ?? D.batchSize,
    lr: num(f, 'lr') ?? D.lr,
    weightDecay: num(f, 'weight-decay') ?? D.weightDecay,
    warmup: num(f, 'warmup') ?? D.warmup,
    seed: num(f, 'seed') ?? D.seed,
    evalEvery: num(f, 'eval-every') ?? D.evalEvery,
    earlyStopping: earlyMetric && earlyMetric !== 'off' ? { metric: earlyMetric, patience } : undefined,
    hardNegatives: num(f, 'hard-negatives') ?? D.hardNegatives,
    hardWindow: f.has('hard-window') ? window(f.get('hard-window')!) : D.hardWindow,
    trainFraction: num(f, 'train-fraction'),
    validationFraction: num(f, 'validation'),
    evalData: f.get('eval-data'),
    out: f.get('out') ?? `.xlens/checkpoints/${loss}-${adapter}-${targets.join('+')}`,
    force: args.switches.has('force'),
    cwd,
  };
}

function num(flags: Map<string, string>, name: string): number | undefined {
  const s = flags.get(name);
  if (s === undefined) return undefined;
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) throw new UserError(`--${name}: "${s}" is not a number`);
  return v;
}

function oneOf<T extends string>(flag: string, v: string, allowed: readonly T[]): T {
  const hit = allowed.find((a) => a === v);
  if (!hit) throw new UserError(`--${flag} must be one of ${allowed.join(', ')}, not "${v}"`);
  return hit;
}

function window(s: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(s.trim());
  if (!m || +m[1] < 1 || +m[2] < +m[1]) throw new UserError(`--hard-window must be FROM-TO ranks with 1 ≤ FROM ≤ TO, e.g. 50-100, not "${s}"`);
  return [+m[1], +m[2]];
}

function round(v: number | undefined): string {
  return v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}
