import { UserError } from '../../errors';
import { decodePercent, positiveInt } from '../transformers/options';

/** Options of `openai:` and `tei:` sources (`openai:http://h/v1#model?batch=64&keyEnv=MY_KEY`). */
export interface RemoteOptions {
  /** Texts per request. */
  batch: number;
  /** Requests in flight at once. */
  concurrency: number;
  timeoutMs: number;
  retries: number;
  /** First retry delay in ms (doubles each retry; a longer Retry-After wins). */
  backoffMs: number;
  /** Environment variable holding the API key. */
  keyEnv: string;
  queryPrefix: string;
  passagePrefix: string;
  /** TEI: let the server cut texts over its limit instead of failing (default true). */
  truncate: boolean;
}

export const DEFAULT_KEY_ENV = 'XLENS_API_KEY';
/**
 * Requests in flight by default: enough to hide a server's per-request latency (each request
 * waits for its answer) without queueing more than a typical TEI or vLLM worker runs at once.
 */
export const DEFAULT_CONCURRENCY = 4;

export const REMOTE_OPTIONS_HELP =
  'batch=<texts per request>, concurrency=<requests>, timeout=<ms>, retries=<n>, backoff=<ms>, keyEnv=<VARIABLE>, queryPrefix=<text>, passagePrefix=<text>, truncate=true|false (tei), cache=off';

export function parseRemoteOptions(raw: Readonly<Record<string, string>>, source: string): RemoteOptions {
  const o: RemoteOptions = { batch: 32, concurrency: DEFAULT_CONCURRENCY, timeoutMs: 60_000, retries: 4, backoffMs: 500, keyEnv: DEFAULT_KEY_ENV, queryPrefix: '', passagePrefix: '', truncate: true };
  const bad = (key: string, value: string, want: string) => () => new UserError(`${source}: bad ${key}=${value}`, { hint: `use ${want}` });
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'batch':
        o.batch = positiveInt(value, bad(key, value, 'a whole number ≥ 1'), 1);
        break;
      case 'concurrency':
        o.concurrency = positiveInt(value, bad(key, value, 'a whole number ≥ 1'), 1);
        break;
      case 'timeout':
        o.timeoutMs = positiveInt(value, bad(key, value, 'milliseconds, e.g. timeout=30000'), 1);
        break;
      case 'retries':
        o.retries = positiveInt(value, bad(key, value, 'a whole number ≥ 0'), 0);
        break;
      case 'backoff':
        o.backoffMs = positiveInt(value, bad(key, value, 'milliseconds, e.g. backoff=500'), 0);
        break;
      case 'keyEnv':
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw bad(key, value, 'the name of an environment variable, e.g. keyEnv=OPENAI_API_KEY')();
        o.keyEnv = value;
        break;
      case 'queryPrefix':
      case 'passagePrefix':
        o[key] = decodePercent(value, bad(key, value, 'text with valid %XX escapes'));
        break;
      case 'truncate':
        if (value !== 'true' && value !== 'false') throw bad(key, value, 'truncate=true or truncate=false')();
        o.truncate = value === 'true';
        break;
      default:
        throw new UserError(`${source}: unknown option "${key}"`, { hint: `servers accept ${REMOTE_OPTIONS_HELP}` });
    }
  }
  return o;
}

/**
 * The API key from `keyEnv` (undefined when the default variable is unset: many local servers
 * need none). A variable named explicitly must be set.
 */
export function apiKeyFrom(o: RemoteOptions, source: string): string | undefined {
  const v = process.env[o.keyEnv];
  if ((v === undefined || v === '') && o.keyEnv !== DEFAULT_KEY_ENV) {
    throw new UserError(`${source}: keyEnv=${o.keyEnv} names an environment variable that is not set`);
  }
  return v === '' ? undefined : v;
}
