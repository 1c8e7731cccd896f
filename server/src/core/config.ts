/**
 * Configuration: validation (JSON Schema, ajv) and resolution. Pure: the Node adapters find and
 * read `parley.config.json`; this module only checks and interprets its contents.
 */
import Ajv from 'ajv';
import schema from '../../../schemas/parley.config.schema.json';
import { BUILTIN_CLASSES } from './lexicons';
import { checkClasses, checkLexicon, mergeClasses, type Term } from './lexicon';
import type { SeveritySetting } from './types';
import type { PlaceholderCategory } from './vocabulary';

export interface ConfigFile {
  root?: boolean;
  rules?: Record<string, SeveritySetting | [SeveritySetting, Record<string, unknown>?]>;
  placeholders?: Record<string, PlaceholderCategory>;
  lexicons?: Record<string, { terms?: Term[]; exceptions?: Term[] }>;
  /** Word classes added to (or defined beside) the built-in ones: `[name]` in any pattern. */
  classes?: Record<string, { terms: string[]; description?: { zh?: string; en?: string } }>;
  ignore?: string[];
  maxFileSize?: number;
  messageLocale?: 'zh' | 'en';
}

export interface ResolvedConfig {
  severities: Map<string, SeveritySetting>;
  options: Map<string, Record<string, unknown>>;
  placeholders: Record<string, PlaceholderCategory>;
  lexicons: Record<string, { terms?: Term[]; exceptions?: Term[] }>;
  /** The config's word classes (merged over the built-in ones when the bank is built). */
  classes: Record<string, { terms: string[] }>;
  ignore: string[];
  maxFileSize: number;
  /** A stable key: equal keys mean equal lexicon banks. */
  key: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile(schema);

/** Validate a parsed config object; throws ConfigError with every problem found. */
export function validateConfig(data: unknown, file: string, knownRules: Set<string>): ConfigFile {
  const problems: string[] = [];
  if (!validateSchema(data)) {
    for (const e of validateSchema.errors ?? []) {
      const where = e.instancePath || '(top level)';
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
      problems.push(`${where} ${e.message}${extra}${allowed}`);
    }
  }
  if (problems.length === 0) {
    const cfg = data as ConfigFile;
    for (const id of Object.keys(cfg.rules ?? {})) if (!knownRules.has(id)) problems.push(`/rules: unknown rule id "${id}"`);
    const classProblems = checkClasses(cfg.classes);
    for (const [name, msg] of classProblems) problems.push(`/classes${name ? `/${name}` : ''}: ${msg}`);
    const classes = classProblems.length ? BUILTIN_CLASSES : mergeClasses(BUILTIN_CLASSES, cfg.classes);
    for (const [name, lex] of Object.entries(cfg.lexicons ?? {})) {
      const err = checkLexicon(lex, classes);
      if (err) problems.push(`/lexicons/${name}: ${err}`);
    }
    const hours = (id: string, keys: string[]) => {
      const entry = cfg.rules?.[id];
      if (!Array.isArray(entry) || !entry[1]) return;
      for (const k of keys) {
        const v = entry[1][k];
        if (v !== undefined && (typeof v !== 'string' || !/^([01]?\d|2[0-4]):[0-5]\d$/.test(v))) problems.push(`/rules/${id}: option "${k}" must be "HH:MM"`);
      }
    };
    hours('calling-hours', ['earliest', 'latest']);
    hours('rest-hours', ['start', 'end']);
  }
  if (problems.length) throw new ConfigError(file, problems);
  return data as ConfigFile;
}

export function resolveConfig(cfg: ConfigFile = {}, extraRules?: Record<string, SeveritySetting>): ResolvedConfig {
  const severities = new Map<string, SeveritySetting>();
  const options = new Map<string, Record<string, unknown>>();
  for (const [id, v] of Object.entries(cfg.rules ?? {})) {
    if (Array.isArray(v)) {
      severities.set(id, v[0]);
      if (v[1]) options.set(id, v[1]);
    } else severities.set(id, v);
  }
  for (const [id, v] of Object.entries(extraRules ?? {})) severities.set(id, v);
  const lexicons = cfg.lexicons ?? {};
  const placeholders = cfg.placeholders ?? {};
  const classes: Record<string, { terms: string[] }> = {};
  for (const [name, c] of Object.entries(cfg.classes ?? {})) classes[name] = { terms: c.terms };
  return {
    severities,
    options,
    placeholders,
    lexicons,
    classes,
    ignore: cfg.ignore ?? [],
    maxFileSize: cfg.maxFileSize ?? 5_000_000,
    key: JSON.stringify(Object.keys(classes).length ? [lexicons, classes] : [lexicons]),
  };
}

export const DEFAULT_CONFIG = resolveConfig({});

/** Parse "HH:MM" into minutes. */
export function minutes(v: unknown, fallback: number): number {
  if (typeof v !== 'string') return fallback;
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : fallback;
}
