/**
 * Where a run spends its time (`parley lint --stats`): the phases read, parse, index, lint and
 * format, per file and in total, and the time of each rule. Off unless started: the run then pays
 * nothing. Measured in the thread that does the work (the CLI runs --stats in one thread).
 */
export type Phase = 'read' | 'parse' | 'index' | 'lint' | 'format';

interface FileTimes {
  read: number;
  parse: number;
  index: number;
  lint: number;
  /** Milliseconds per rule id. */
  rules: Record<string, number>;
}

export class Timing {
  readonly phases: Record<Phase, number> = { read: 0, parse: 0, index: 0, lint: 0, format: 0 };
  readonly rules = new Map<string, number>();
  readonly files = new Map<string, FileTimes>();

  file(p: string): FileTimes {
    let f = this.files.get(p);
    if (!f) this.files.set(p, (f = { read: 0, parse: 0, index: 0, lint: 0, rules: {} }));
    return f;
  }

  /** Time `fn` as `phase` (of file `p`, when given). */
  time<T>(phase: Phase, p: string | undefined, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - start;
      this.phases[phase] += ms;
      if (p !== undefined && phase !== 'format') this.file(p)[phase] += ms;
    }
  }

  /** The per-rule hook for lintScript. */
  ruleTimer(p: string): (ruleId: string, ms: number) => void {
    const f = this.file(p);
    return (id, ms) => {
      f.rules[id] = (f.rules[id] ?? 0) + ms;
      this.rules.set(id, (this.rules.get(id) ?? 0) + ms);
    };
  }
}

let current: Timing | undefined;

/** Start measuring (the CLI's --stats). */
export function startTiming(): Timing {
  return (current = new Timing());
}

/** Stop measuring (a run without --stats in the same process pays nothing). */
export function stopTiming(): undefined {
  return (current = undefined);
}

/** The measurement under way, if any. */
export function timing(): Timing | undefined {
  return current;
}

/** Run `fn`, timed as `phase` when measuring. */
export function timed<T>(phase: Phase, p: string | undefined, fn: () => T): T {
  return current ? current.time(phase, p, fn) : fn();
}
