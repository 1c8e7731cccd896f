/**
 * How many inputs and which seed (a module of its own: importing arbitraries.ts builds its
 * generators, ~2 s of CPU for the binary-string one, which the hostile-workspace files do not use).
 */
/** Runs per property: PARLEY_FUZZ_RUNS (npm run fuzz sets 100,000), 300 in the regular suite. */
export const RUNS = Number(process.env.PARLEY_FUZZ_RUNS || 300);
/** A fixed seed unless PARLEY_FUZZ_SEED says otherwise (fast-check prints the seed of a failure). */
export const SEED = process.env.PARLEY_FUZZ_SEED ? Number(process.env.PARLEY_FUZZ_SEED) : 20240601;
