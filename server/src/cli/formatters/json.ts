import type { Formatter } from './types';

/** `--format json`: exactly an array of { filePath, messages }. */
const json: Formatter = (results) =>
  JSON.stringify(results.map((r) => (r.stats ? { filePath: r.filePath, messages: r.messages, stats: r.stats } : { filePath: r.filePath, messages: r.messages })));
export default json;
