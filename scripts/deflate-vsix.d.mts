/** Types of scripts/deflate-vsix.mjs (for the tests that import it). */
export function deflateZip(zip: Buffer): { zip: Buffer; reason?: undefined } | { zip?: undefined; reason: string };
