/**
 * The engine: builds the workspace model over parsed scripts, runs every enabled rule, applies
 * severities and suppression comments. Pure: it never reads files. One job per module:
 * `bank.ts` the lexicon bank of a config, `views.ts` the node and line views the rules read,
 * `run.ts` which rules run on which nodes and one rule's run, `suppressions.ts` the suppression
 * comments' spans, `finish.ts` reports to findings (severities, suppressions, dedupe), `order.ts`
 * the findings' order and ceilings, `lint.ts` a whole script, files or a text, `node-cache.ts` and
 * `incremental.ts` the incremental linter.
 */
export { lexiconBank } from './bank';
export { viewNodes } from './views';
export { RuleError, renderMessage, appliesTo } from './run';
export { MAX_FINDINGS_PER_LINE, MAX_FINDINGS_PER_FILE } from './order';
export { lintScript, lintWorkspace, lintText, type LintInput, type LintResult } from './lint';
export { NODE_LOCAL, INDEX_NODE, findingOrigin } from './node-cache';
export { IncrementalLinter } from './incremental';
export { fold } from '../text';
