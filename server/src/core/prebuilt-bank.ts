/**
 * The built-in lexicons compiled at build time (see LexiconBank.compiled()). In the sources this is
 * undefined and the engine compiles the lexicon files at start-up; scripts/build.mjs replaces this module
 * in the bundles: the Node bundles read dist/lexicon-bank.bin beside them (node/bank-file.ts), and
 * the browser's server is handed the same file's bytes by the extension before it starts
 * (lsp/browser-main.ts calls providePrebuiltBytes), so the .vsix carries the compiled bank once.
 */
import type { CompiledBank } from './lexicon';

export const PREBUILT: CompiledBank | undefined = undefined;

/**
 * Hands the bundle the bytes of dist/lexicon-bank.bin (the browser's server, which cannot read
 * files). The bundles carry the built-in lexicons in that file only (lexicons/builtin.ts): with
 * bytes of another build, or none, linting fails and says why. Does nothing in the sources and in
 * the Node bundles, which need no handing.
 */
export function providePrebuiltBytes(bytes: Uint8Array | undefined): void {
  void bytes;
}
