/**
 * schemas/parley.config.schema.json (中文, the default) and schemas/parley.config.schema.en.json
 * know every rule id with its description, and every rule option with its description, generated
 * from the rules' meta (scripts/config-schema.ts), so that an editor completes and explains the
 * keys of parley.config.json in its display language.
 * `PARLEY_UPDATE_SCHEMA=1 npx vitest run test/extension/config-schema.test.ts` rewrites both files;
 * this test fails while one is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { ConfigError, validateConfig } from '../../server/src/core/config';
import { optionsSchema } from '../../server/src/core/rule';
import { SCHEMA_FILES, configSchema, schemaTexts } from '../../scripts/config-schema';

const ROOT = path.join(__dirname, '..', '..');
const HINT = 'out of date: run PARLEY_UPDATE_SCHEMA=1 npx vitest run test/extension/config-schema.test.ts';
const LOCALES = ['zh', 'en'] as const;

if (process.env.PARLEY_UPDATE_SCHEMA === '1') {
  for (const l of LOCALES) fs.writeFileSync(path.join(ROOT, SCHEMA_FILES[l]), JSON.stringify(configSchema(l), null, 2) + '\n');
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const schemas = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(ROOT, SCHEMA_FILES[l]), 'utf8'))])) as Record<'zh' | 'en', any>;
const HAN = /\p{Script=Han}/u;
/** Text without Markdown code spans and link targets (identifiers and URLs are neither language). */
const prose = (s: string) => s.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']');
const WITH_OPTIONS = RULES.filter((r) => r.meta.options);

describe('schemas/parley.config.schema*.json: generated, one language each', () => {
  it('each file is what scripts/config-schema.ts renders from the rules', () => {
    for (const l of LOCALES) expect(schemas[l], `${SCHEMA_FILES[l]}: ${HINT}`).toEqual(configSchema(l));
  });

  it('lists every rule of the catalogue (no more, no fewer), each described in the file’s language', () => {
    for (const l of LOCALES) {
      const rules = schemas[l].properties.rules;
      expect(Object.keys(rules.properties)).toEqual(RULES.map((r) => r.meta.id));
      for (const r of RULES) {
        expect(rules.properties[r.meta.id].description).toContain(r.meta.description[l]);
        expect(rules.properties[r.meta.id].markdownDescription).toContain(r.meta.description[l]);
      }
      // Unknown ids are still accepted by the schema: the config loader names them with a did-you-mean.
      expect(rules.additionalProperties).toEqual({ $ref: '#/definitions/ruleSetting' });
    }
  });

  it('every option of every rule is described in Chinese and in English, and each schema shows its language', () => {
    expect(WITH_OPTIONS.length).toBeGreaterThan(0);
    for (const r of WITH_OPTIONS) {
      for (const [name, o] of Object.entries(r.meta.options!.properties)) {
        const where = `${r.meta.id}.${name}`;
        expect(o.description.zh, where).toMatch(HAN);
        expect(o.description.en, where).toMatch(/[A-Za-z]{3,}/);
        expect(o.description.en, where).not.toMatch(HAN);
        for (const l of LOCALES) {
          const entry = schemas[l].properties.rules.properties[r.meta.id];
          const options = entry.anyOf[1].items[1];
          expect(options, where).toEqual(optionsSchema(r.meta, l));
          expect(options.properties[name].description, where).toBe(o.description[l]);
          // The rule's page lists the option with the same text.
          const page = fs.readFileSync(path.join(ROOT, 'docs', ...(l === 'en' ? ['en'] : []), 'rules', `${r.meta.id}.md`), 'utf8');
          expect(page, where).toContain(`\`${name}\`${l === 'zh' ? '：' : ': '}${o.description[l]}`);
        }
      }
    }
  });

  it('the Chinese schema is Chinese with Chinese punctuation; the English one has no Chinese', () => {
    const zh = schemaTexts(schemas.zh);
    const en = schemaTexts(schemas.en);
    expect(zh.length).toBe(en.length);
    expect(zh.length).toBeGreaterThan(RULES.length * 2);
    for (const t of zh) {
      const p = prose(t);
      expect(p, t).toMatch(HAN);
      expect(p, t).not.toMatch(/\p{Script=Han}[,;:()!?]|[,;:()!?]\s*\p{Script=Han}/u);
      expect(p, t).not.toMatch(/\b(the|of|and|or|per|default)\b/);
    }
    for (const t of en) {
      // Chinese words may be quoted (“Address the listener as 您”), never a Chinese sentence.
      expect(prose(t), t).not.toMatch(/\p{Script=Han}{6,}/u);
      expect(prose(t), t).not.toMatch(/[，。；：（）]/);
    }
  });
});

describe('schemas/parley.config.schema.json: validation', () => {
  it('validates as before: a severity or [severity, options], for known and unknown ids alike', () => {
    for (const l of LOCALES) {
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schemas[l]);
      const id = RULES.find((r) => !r.meta.options)!.meta.id;
      expect(validate({ rules: { [id]: 'warning' } })).toBe(true);
      expect(validate({ rules: { [id]: ['error', {}] } })).toBe(true);
      expect(validate({ rules: { [id]: 'loud' } })).toBe(false);
      expect(validate({ rules: { 'no-such-rule': 'error' } })).toBe(true);
      // An editor also checks a rule's own options.
      expect(validate({ rules: { 'calling-hours': ['error', { earliest: '08:30' }] } })).toBe(true);
      expect(validate({ rules: { 'calling-hours': ['error', { earliest: 'early' }] } })).toBe(false);
      expect(validate({ rules: { 'calling-hours': ['error', { erliest: '08:30' }] } })).toBe(false);
    }
    const id = RULES[0].meta.id;
    expect(() => validateConfig({ rules: { [id]: 'loud' } }, 'parley.config.json', RULES)).toThrow(/rules/);
    expect(() => validateConfig({ rules: { [id.slice(0, -1)]: 'error' } }, 'parley.config.json', RULES)).toThrow(/did you mean/);
  });

  it('the loader names a misspelt or invalid option with a did-you-mean and the option’s description in each locale', () => {
    const problems = (cfg: unknown): ConfigError => {
      try {
        validateConfig(cfg, 'parley.config.json', RULES);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no config error');
    };
    const misspelt = problems({ rules: { 'calling-hours': ['error', { erliest: '08:30' }] } });
    expect(misspelt.problemsIn('zh')).toEqual(['/rules/calling-hours：未知选项「erliest」；是不是「earliest」？（可用选项：earliest、latest）']);
    expect(misspelt.problemsIn('en')).toEqual(['/rules/calling-hours: unknown option "erliest"; did you mean "earliest"? (options: earliest, latest)']);
    const invalid = problems({ rules: { 'rest-hours': ['info', { end: 'noon' }] } });
    const end = RULES.find((r) => r.meta.id === 'rest-hours')!.meta.options!.properties.end.description;
    expect(invalid.problemsIn('zh')[0]).toContain(`（${end.zh}）`);
    expect(invalid.problemsIn('en')[0]).toContain(`(${end.en})`);
    // Chinese apart from the rule id, the option's name in 「」 and the pattern it must match.
    expect(invalid.problemsIn('zh')[0].replace(/^\/rules\/[a-z-]+/, '').replace(/「[^」]*」/g, '')).not.toMatch(/[A-Za-z]{4,}/);
  });
});
