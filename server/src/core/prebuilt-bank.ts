/**
 * The built-in lexicons compiled at build time (see LexiconBank.compiled()). In the sources this is
 * undefined and the engine compiles the lexicons at start-up; scripts/build.mjs replaces this module
 * in the bundles with the compiled form of the very lexicons it bundles.
 */
import type { CompiledBank } from './lexicon';

export const PREBUILT: CompiledBank | undefined = undefined;
