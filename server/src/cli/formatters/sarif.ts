import * as path from 'node:path';
import { RULES } from '../../core/rules';
import { docsUrl } from '../../core/rule';
import { fileUri, uriPath } from './escape';
import type { Formatter } from './types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** `--format sarif`: SARIF 2.1.0, one run, every rule with its help URI. */
const sarif: Formatter = (results, ctx) => {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.meta.description.en },
    fullDescription: { text: `${r.meta.description.zh} — ${r.meta.description.en}` },
    helpUri: docsUrl(r.meta.id),
    help: { text: `${r.meta.description.zh}. See ${docsUrl(r.meta.id)}` },
    defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
    properties: { category: r.meta.category, fixable: r.meta.fixable },
  }));
  const out = [];
  const notifications = [];
  for (const r of results) {
    const uri = path.relative(ctx.cwd, r.filePath).split(path.sep).join('/');
    const inRoot = uri && !uri.startsWith('..') && !path.isAbsolute(uri);
    const artifactLocation = inRoot ? { uri: uriPath(uri), uriBaseId: '%SRCROOT%' } : { uri: fileUri(r.filePath) };
    for (const m of r.messages) {
      if (m.ruleId === null || m.fatal) {
        notifications.push({ level: 'error', message: { text: m.message }, locations: [{ physicalLocation: { artifactLocation } }] });
        continue;
      }
      out.push({
        ruleId: m.ruleId,
        ...(index.has(m.ruleId) ? { ruleIndex: index.get(m.ruleId) } : {}),
        level: LEVEL[m.severity],
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation, region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn } } }],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'parley', semanticVersion: ctx.version, version: ctx.version, informationUri: 'https://github.com/parley-lint/parley', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: fileUri(ctx.cwd).replace(/\/?$/, '/') } },
        results: out,
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
export default sarif;
