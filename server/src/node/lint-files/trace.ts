/** PARLEY_TRACE=1 prints the phases of a run with their times to stderr (for profiling). */
const TRACE = typeof process !== 'undefined' && !!process.env.PARLEY_TRACE;
const t0 = Date.now();
export function trace(what: string): void {
  if (!TRACE) return;
  const m = process.memoryUsage();
  process.stderr.write(`[parley ${String(Date.now() - t0).padStart(6)} ms] ${what} (rss ${Math.round(m.rss / 1e6)} MB, heap ${Math.round(m.heapUsed / 1e6)}/${Math.round(m.heapTotal / 1e6)} MB, external ${Math.round(m.external / 1e6)} MB)\n`);
}
