import { UserError } from '../core/errors';

export interface FlagSpec {
  /** Flags that take no value. */
  booleans?: string[];
  /** Flags that take a value. */
  values: string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
  /** Every value of each flag, in order (`--data A --data B`); `flags` keeps the last. */
  lists: Map<string, string[]>;
  switches: Set<string>;
}

/** `--name value`, `--name=value` and boolean `--name`; unknown flags are errors that list the known ones. */
export function parseArgs(argv: string[], spec: FlagSpec, command: string): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Map(), lists: new Map(), switches: new Set() };
  const bools = new Set(spec.booleans ?? []);
  const vals = new Set(spec.values);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (bools.has(name)) {
      if (eq >= 0) throw new UserError(`--${name} takes no value`);
      out.switches.add(name);
    } else if (vals.has(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || (eq < 0 && v.startsWith('--'))) throw new UserError(`--${name} needs a value`);
      out.flags.set(name, v);
      out.lists.set(name, [...(out.lists.get(name) ?? []), v]);
    } else {
      const known = [...vals, ...bools].map((f) => `--${f}`).join(', ');
      throw new UserError(`unknown option --${name} for "xlens ${command}" (known: ${known})`);
    }
  }
  return out;
}

export function required(args: ParsedArgs, name: string, command: string): string {
  const v = args.flags.get(name);
  if (v === undefined) throw new UserError(`"xlens ${command}" needs --${name}`);
  return v;
}

/** `--k 1,5,10` → [1, 5, 10], positive integers, sorted, deduplicated. */
export function parseIntList(s: string, flag: string): number[] {
  const xs = s.split(',').map((x) => x.trim()).filter(Boolean);
  const out = xs.map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`--${flag}: "${x}" is not a positive whole number`);
    return n;
  });
  if (out.length === 0) throw new UserError(`--${flag} needs at least one number`);
  return [...new Set(out)].sort((a, b) => a - b);
}
