/**
 * A minimal test harness for code that runs inside a VS Code extension host (no mocha): named
 * async tests run in order, each with a timeout, and a JSON-friendly report.
 */

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteReport {
  ok: boolean;
  host: string;
  results: TestResult[];
}

type TestFn = () => Promise<void> | void;

export class Suite {
  private readonly tests: { name: string; fn: TestFn; timeout: number }[] = [];

  test(name: string, fn: TestFn, timeout = 20_000): void {
    this.tests.push({ name, fn, timeout });
  }

  async run(host: string, log: (line: string) => void = () => {}): Promise<SuiteReport> {
    const results: TestResult[] = [];
    for (const t of this.tests) {
      const start = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(t.fn),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout);
          }),
        ]);
        results.push({ name: t.name, ok: true, ms: Date.now() - start });
        log(`  ✓ ${t.name} (${Date.now() - start} ms)`);
      } catch (e) {
        const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
        results.push({ name: t.name, ok: false, ms: Date.now() - start, error });
        log(`  ✗ ${t.name}\n    ${error.split('\n').join('\n    ')}`);
      } finally {
        clearTimeout(timer);
      }
    }
    return { ok: results.every((r) => r.ok), host, results };
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Polls `probe` until it returns a truthy value (returned) or `ms` pass (throws with `what`). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 15_000, every = 100): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
