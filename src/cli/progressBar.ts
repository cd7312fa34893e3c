import type { Progress } from '../core/progress';

/**
 * A one-line progress bar on stderr. On a terminal it redraws in place (at most ~10 times a
 * second); otherwise (CI logs) it prints a line per phase change and at each 25% step.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; done: () => void } {
  const tty = stream.isTTY === true;
  let last = 0;
  let lastPhase = '';
  let lastQuarter = -1;
  let drawn = false;
  const update = (p: Progress) => {
    const frac = p.total ? Math.min(1, p.done / p.total) : undefined;
    if (tty) {
      const now = Date.now();
      if (now - last < 100 && p.phase === lastPhase && p.done !== p.total) return;
      last = now;
      const width = 28;
      const bar = frac === undefined ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] `;
      const count = p.total ? `${p.done}/${p.total}` : `${p.done}`;
      stream.write(`\r\x1b[2K${bar}${p.phase} ${count}${p.unit && p.unit !== 'items' ? ` ${p.unit}` : ''}`);
      drawn = true;
    } else {
      const quarter = frac === undefined ? -1 : Math.floor(frac * 4);
      if (p.phase !== lastPhase || quarter > lastQuarter) {
        stream.write(`${p.phase}${p.total ? ` ${p.done}/${p.total}` : ''}\n`);
        lastQuarter = p.phase !== lastPhase ? quarter : Math.max(lastQuarter, quarter);
      }
    }
    lastPhase = p.phase;
  };
  const done = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
  };
  return { update, done };
}
