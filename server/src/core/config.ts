/**
 * Configuration: validation (JSON Schema, ajv) and resolution. Pure: the Node adapters find and
 * read `parley.config.json`; this module only checks and interprets its contents.
 */
import { BUILTIN_CLASSES } from './lexicons';
import { builtinLexicons } from './lexicons/builtin';
import { checkClasses, checkLexicons, mergeClasses, type Term } from './lexicon';
import { optionsSchema, type RuleMeta } from './rule';
import { didYouMean } from './text';
import type { SeveritySetting } from './types';
import type { PlaceholderCategory } from './vocabulary';
import { DEFAULT_LOCALE, pickFilled, type Locale } from './messages';
import { configValidator, optionsValidator } from './schema-check';
import { ajvMessageZh, configErrorText, schemaProblem, type ProblemText } from './config-text';

export interface ConfigFile {
  root?: boolean;
  rules?: Record<string, SeveritySetting | [SeveritySetting, Record<string, unknown>?]>;
  placeholders?: Record<string, PlaceholderCategory>;
  lexicons?: Record<string, { terms?: Term[]; exceptions?: Term[] }>;
  /** Word classes added to (or defined beside) the built-in ones: `[name]` in any pattern. */
  classes?: Record<string, { terms: string[]; description?: { zh?: string; en?: string } }>;
  ignore?: string[];
  maxFileSize?: number;
  locale?: Locale;
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
  /** The language of messages. */
  locale: Locale;
  /** A stable key: equal keys mean equal lexicon banks. */
  key: string;
}

/** A name a config problem guesses was meant: `name` as written, `guess` a known one (the editor offers the swap). */
interface ConfigGuess {
  name: string;
  guess: string;
}

export class ConfigError extends Error {
  /** Each problem in each locale (a plain string is the same text in both: data only). */
  readonly texts: ProblemText[];
  /** Each problem in English (the editor locates a problem in the config text by it). */
  readonly problems: string[];
  constructor(
    readonly file: string,
    problems: (ProblemText | string)[],
    /** The guess of each problem that makes one, at the same index as the problem. */
    readonly guesses: (ConfigGuess | undefined)[] = [],
  ) {
    const texts = problems.map((p) => (typeof p === 'string' ? { zh: p, en: p } : p));
    super(configErrorText(file, texts, 'en'));
    this.texts = texts;
    this.problems = texts.map((t) => t.en);
  }

  /** The problems in a locale. */
  problemsIn(locale: Locale): string[] {
    return this.texts.map((t) => pickFilled(t, locale));
  }

  /** The whole error (file and one problem a line) in a locale. */
  textIn(locale: Locale): string {
    return configErrorText(this.file, this.texts, locale);
  }
}

/** Check one rule's options against the JSON Schema the rule declares (`meta.options`). */
function checkOptions(meta: RuleMeta, options: unknown, problems: ProblemText[], guesses: (ConfigGuess | undefined)[]): void {
  const where = `/rules/${meta.id}`;
  if (!meta.options) {
    problems.push({ zh: `${where}：规则 ${meta.id} 不接受选项（只写级别即可）`, en: `${where}: rule ${meta.id} takes no options (give only a severity)` });
    return;
  }
  const validate = optionsValidator(meta.id, optionsSchema(meta, 'en')!);
  if (validate(options)) return;
  const known = Object.keys(meta.options.properties);
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const guess = didYouMean(name, known);
      problems.push({
        zh: `${where}：未知选项「${name}」${guess ? `；是不是「${guess}」？` : ''}（可用选项：${known.join('、')}）`,
        en: `${where}: unknown option "${name}"${guess ? `; did you mean "${guess}"?` : ''} (options: ${known.join(', ')})`,
      });
      if (guess) guesses[problems.length - 1] = { name, guess };
    } else {
      const key = e.instancePath.replace(/^\//, '');
      const description = key ? meta.options.properties[key]?.description : undefined;
      problems.push({
        zh: `${where}：${key ? `选项「${key}」` : '选项'}${ajvMessageZh(e)}${description ? `（${description.zh}）` : ''}`,
        en: `${where}: option ${key ? `"${key}" ` : ''}${e.message}${description ? ` (${description.en})` : ''}`,
      });
    }
  }
}

/**
 * Validate a parsed config object; throws ConfigError with every problem found. Rule ids, rule
 * options (each rule's declared JSON Schema) and lexicon names are checked against what the rules
 * and the built-in lexicons declare: a misspelt one is an error with a did-you-mean, never ignored.
 */
export function validateConfig(data: unknown, file: string, rules: ReadonlySet<string> | readonly { meta: RuleMeta }[]): ConfigFile {
  const metas = new Map<string, RuleMeta | undefined>();
  if (rules instanceof Set) for (const id of rules) metas.set(id, undefined);
  else for (const r of rules as readonly { meta: RuleMeta }[]) metas.set(r.meta.id, r.meta);
  const problems: ProblemText[] = [];
  const guesses: (ConfigGuess | undefined)[] = [];
  const validateSchema = configValidator();
  if (!validateSchema(data)) {
    for (const e of validateSchema.errors ?? []) problems.push(schemaProblem(e));
  }
  if (problems.length === 0) {
    const cfg = data as ConfigFile;
    for (const [id, entry] of Object.entries(cfg.rules ?? {})) {
      if (!metas.has(id)) {
        const guess = didYouMean(id, [...metas.keys()]);
        problems.push({ zh: `/rules：未知规则「${id}」${guess ? `；是不是「${guess}」？` : ''}`, en: `/rules: unknown rule id "${id}"${guess ? `; did you mean "${guess}"?` : ''}` });
        if (guess) guesses[problems.length - 1] = { name: id, guess };
        continue;
      }
      const meta = metas.get(id);
      if (meta && Array.isArray(entry) && entry.length > 1) checkOptions(meta, entry[1], problems, guesses);
    }
    const classProblems = checkClasses(cfg.classes);
    for (const [name, msg, zh] of classProblems) problems.push({ zh: `/classes${name ? `/${name}` : ''}：${zh}`, en: `/classes${name ? `/${name}` : ''}: ${msg}` });
    const classes = classProblems.length ? BUILTIN_CLASSES : mergeClasses(BUILTIN_CLASSES, cfg.classes);
    const builtin = cfg.lexicons ? builtinLexicons() : {};
    const lexiconNames = Object.keys(builtin);
    const known: [string, unknown][] = [];
    for (const [name, lex] of Object.entries(cfg.lexicons ?? {})) {
      if (!(name in builtin)) {
        const guess = didYouMean(name, lexiconNames);
        problems.push({
          zh: `/lexicons：未知词库「${name}」${guess ? `；是不是「${guess}」？` : ''}（可用词库：${lexiconNames.join('、')}）`,
          en: `/lexicons: unknown lexicon "${name}"${guess ? `; did you mean "${guess}"?` : ''} (lexicons: ${lexiconNames.join(', ')})`,
        });
        if (guess) guesses[problems.length - 1] = { name, guess };
        continue;
      }
      known.push([name, lex]);
    }
    // All of them in one bank, as a run compiles them: each one's malformed patterns, and the total budget.
    for (const [name, err, zh] of checkLexicons(known, classes)) problems.push({ zh: `/lexicons/${name}：${zh}`, en: `/lexicons/${name}: ${err}` });
  }
  if (problems.length) throw new ConfigError(file, problems, Array.from({ length: problems.length }, (_, i) => guesses[i]));
  return data as ConfigFile;
}

/**
 * The config a lint uses. `locale` (the CLI's --locale or PARLEY_LOCALE, the editor's display
 * language) wins over the file's `"locale"`; Chinese when neither says.
 */
export function resolveConfig(cfg: ConfigFile = {}, extraRules?: Record<string, SeveritySetting>, locale?: Locale): ResolvedConfig {
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
    locale: locale ?? cfg.locale ?? DEFAULT_LOCALE,
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
