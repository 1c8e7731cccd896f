/**
 * The `parley.*` settings the server reads (workspace/configuration section `parley`, or the
 * payload of workspace/didChangeConfiguration). Pure: normalising whatever the client sends.
 */
import { RULE_IDS } from '../core/rules';
import type { SeveritySetting } from '../core/types';
import { LOG, type LogText } from './log-text';

type RunMode = 'onType' | 'onSave';
type TraceLevel = 'off' | 'messages' | 'verbose';
/** Which files have their findings shown: every `.parley` file of the workspace folders, or the open ones. */
type Scope = 'workspace' | 'openFiles';

export interface Settings {
  enable: boolean;
  run: RunMode;
  /** Severity overrides by rule id, merged over the config file's `rules` (resolveConfig's second argument). */
  rules: Record<string, SeveritySetting>;
  trace: { server: TraceLevel };
  /**
   * Documents larger than this many bytes (UTF-8) are not linted. Unset: the config file's
   * `maxFileSize`, else 5,000,000 (the CLI's default).
   */
  maxFileSize?: number;
  /** Findings covered by parley-suppressions.json: shown as hints, or not at all. */
  suppressedFindings: 'hint' | 'hide';
  /** Findings of every workspace file (closed ones too), or of open documents only. */
  scope: Scope;
  /** Code lenses on node headers (stage · audience · references · findings). */
  codeLens: boolean;
  /** Inlay hints: the marker after debt placeholders in nodes whose audience is not liable. */
  inlayHints: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  rules: {},
  trace: { server: 'off' },
  suppressedFindings: 'hint',
  scope: 'workspace',
  codeLens: true,
  inlayHints: true,
};

const SEVERITIES = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

interface NormalisedSettings {
  settings: Settings;
  /** What was ignored, for the log (in each locale). */
  problems: LogText[];
}

/** Turn whatever the client sent into Settings; bad values fall back to the defaults, with a note. */
export function normaliseSettings(raw: unknown): NormalisedSettings {
  const problems: LogText[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {}, trace: { ...DEFAULT_SETTINGS.trace } };
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(LOG.settingsNotObject());
    return { settings, problems };
  }
  const r = raw as Record<string, unknown>;
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') settings.enable = r.enable;
    else problems.push(LOG.settingBoolean('parley.enable'));
  }
  if (r.run !== undefined) {
    if (r.run === 'onType' || r.run === 'onSave') settings.run = r.run;
    else problems.push(LOG.settingEnum('parley.run', ['onType', 'onSave']));
  }
  if (r.rules !== undefined && r.rules !== null) {
    if (typeof r.rules === 'object' && !Array.isArray(r.rules)) {
      for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
        if (!RULE_IDS.has(id)) problems.push(LOG.settingUnknownRule(id));
        else if (typeof v !== 'string' || !SEVERITIES.has(v)) problems.push(LOG.settingBadSeverity(id, String(v)));
        else settings.rules[id] = v as SeveritySetting;
      }
    } else problems.push(LOG.settingRulesNotObject());
  }
  const trace = (r.trace as Record<string, unknown> | undefined)?.server ?? r['trace.server'];
  if (trace === 'off' || trace === 'messages' || trace === 'verbose') settings.trace.server = trace;
  if (r.maxFileSize !== undefined && r.maxFileSize !== null) {
    if (typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0) settings.maxFileSize = Math.floor(r.maxFileSize);
    else problems.push(LOG.settingMaxFileSize());
  }
  if (r.suppressedFindings !== undefined && r.suppressedFindings !== null) {
    if (r.suppressedFindings === 'hint' || r.suppressedFindings === 'hide') settings.suppressedFindings = r.suppressedFindings;
    else problems.push(LOG.settingEnum('parley.suppressedFindings', ['hint', 'hide']));
  }
  if (r.scope !== undefined && r.scope !== null) {
    if (r.scope === 'workspace' || r.scope === 'openFiles') settings.scope = r.scope;
    else problems.push(LOG.settingEnum('parley.scope', ['workspace', 'openFiles']));
  }
  const lens = (r.codeLens as Record<string, unknown> | undefined)?.enable ?? r['codeLens.enable'] ?? r.codeLens;
  if (lens !== undefined && lens !== null) {
    if (typeof lens === 'boolean') settings.codeLens = lens;
    else if (lens !== r.codeLens || typeof lens !== 'object') problems.push(LOG.settingBoolean('parley.codeLens.enable'));
  }
  const hints = (r.inlayHints as Record<string, unknown> | undefined)?.enable ?? r['inlayHints.enable'] ?? r.inlayHints;
  if (hints !== undefined && hints !== null) {
    if (typeof hints === 'boolean') settings.inlayHints = hints;
    else if (hints !== r.inlayHints || typeof hints !== 'object') problems.push(LOG.settingBoolean('parley.inlayHints.enable'));
  }
  return { settings, problems };
}
