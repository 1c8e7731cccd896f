import * as path from 'node:path';
import { RULES } from '../../core/rules';
import { docsUrl } from '../../core/rule';
import { fileUri, uriPath } from './escape';
import { renderMessage } from '../../core/engine';
import { FILE_PROBLEMS, fileProblemMessage, type FileProblemId } from '../../core/file-problems';
import { coreMessage, type Locale, LOCALES, type MessageData, pick } from '../../core/messages';
import type { Formatter, Message } from './types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** The message of a finding in a locale, from its id and data (undefined when it has none). */
function render(m: Message, locale: Locale): string | undefined {
  if (!m.ruleId || !m.messageId) return undefined;
  try {
    const data = m.data as MessageData | undefined;
    return m.ruleId.startsWith('file-') ? fileProblemMessage(m.ruleId as FileProblemId, m.messageId, data, locale) : renderMessage(m.ruleId, m.messageId, data, locale);
  } catch {
    return undefined;
  }
}

/**
 * The SARIF `message` of a finding: `text` in the chosen locale, and in its property bag the locale,
 * the message id and the text in every locale (`properties.translations`), so that a viewer can
 * show the other language (SARIF's own translation mechanism needs a separate translation file).
 */
function sarifMessage(m: Message, locale: Locale): { text: string; properties?: Record<string, unknown> } {
  if (!m.messageId) return { text: m.message };
  const translations: Record<string, string> = {};
  for (const l of LOCALES) translations[l] = l === locale ? m.message : (render(m, l) ?? m.message);
  return { text: m.message, properties: { locale, messageId: m.messageId, translations } };
}

type Edit = { range: [number, number]; text: string };

/**
 * One SARIF `fix` (SARIF 2.1.0 §3.55): a replacement in the result's file. The region is given by
 * `charOffset`/`charLength` (§3.30.9–10), the offsets the json format prints: UTF-16 code units
 * (the run's `columnKind`) in the text without its BOM (§3.30.2: a text region does not depend on
 * the BOM). `properties.applied` says whether `--fix` applies it (a fix) or only offers it (a suggestion).
 */
function sarifFix(artifactLocation: object, edit: Edit, description: string | undefined, applied: boolean) {
  return {
    ...(description ? { description: { text: description } } : {}),
    artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: { charOffset: edit.range[0], charLength: edit.range[1] - edit.range[0] }, insertedContent: { text: edit.text } }] }],
    properties: { applied },
  };
}

/** A finding's fix and suggestions as SARIF fixes (none: undefined, so that the result has no `fixes`). */
function sarifFixes(m: Message, artifactLocation: object, locale: Locale) {
  const fixes = [];
  if (m.fix) fixes.push(sarifFix(artifactLocation, m.fix, m.fix.text ? coreMessage('replaceWith', { text: m.fix.text }, locale) : undefined, true));
  for (const s of m.suggestions ?? []) fixes.push(sarifFix(artifactLocation, s.fix, s.desc, false));
  return fixes.length ? fixes : undefined;
}

/**
 * `--format sarif`: SARIF 2.1.0, one run, every rule with its help URI; each result with its fix
 * (applied by `--fix`) and suggestions (did-you-means, safe wordings: only offered) as `fixes`.
 */
const sarif: Formatter = (results, ctx) => {
  const locale: Locale = ctx.locale ?? 'zh';
  const descriptors = [
    ...RULES.map((r) => ({ id: r.meta.id, description: r.meta.description, level: LEVEL[r.meta.defaultSeverity], properties: { category: r.meta.category, fixable: r.meta.fixable } })),
    ...FILE_PROBLEMS.map((p) => ({ id: p.id as string, description: p.description, level: 'error' as const, properties: { category: 'file', fixable: false } })),
  ];
  const index = new Map(descriptors.map((r, i) => [r.id, i]));
  const other = locale === 'en' ? 'zh' : 'en';
  const rules = descriptors.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: pick(r.description, locale) },
    fullDescription: { text: `${pick(r.description, locale)} — ${r.description[other]}` },
    helpUri: docsUrl(r.id, locale),
    help: { text: `${pick(r.description, locale)}: ${docsUrl(r.id, locale)}` },
    defaultConfiguration: { level: r.level },
    properties: r.properties,
  }));
  const out = [];
  const notifications = [];
  for (const r of results) {
    const uri = path.relative(ctx.cwd, r.filePath).split(path.sep).join('/');
    const inRoot = uri && !uri.startsWith('..') && !path.isAbsolute(uri);
    const artifactLocation = inRoot ? { uri: uriPath(uri), uriBaseId: '%SRCROOT%' } : { uri: fileUri(r.filePath) };
    for (const m of r.messages) {
      // A file that could not be linted: the run did not succeed for it (a notification), and a
      // file-level finding (file-encoding …) says why, when it has an id.
      if (m.fatal || m.ruleId === null) notifications.push({ level: 'error', message: { text: m.message }, locations: [{ physicalLocation: { artifactLocation } }] });
      if (m.ruleId === null) continue;
      out.push({
        ruleId: m.ruleId,
        ...(index.has(m.ruleId) ? { ruleIndex: index.get(m.ruleId) } : {}),
        level: LEVEL[m.severity],
        message: sarifMessage(m, locale),
        locations: [{ physicalLocation: { artifactLocation, region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn } } }],
        ...((fixes) => (fixes ? { fixes } : {}))(sarifFixes(m, artifactLocation, locale)),
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
        language: locale === 'en' ? 'en-US' : locale === 'zh-TW' ? 'zh-TW' : 'zh-CN',
        // Columns (and the fixes' character offsets) count UTF-16 code units, as LSP and VS Code do:
        // SARIF requires the property when there are results (§3.14.27).
        columnKind: 'utf16CodeUnits',
        results: out,
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
export default sarif;
