/**
 * schemas/parley.config.schema.json knows every rule id with its description, generated from the
 * rules' meta, so that an editor completes and explains the ids in `rules` of parley.config.json.
 * `PARLEY_UPDATE_SCHEMA=1 npx vitest run test/extension/config-schema.test.ts` rewrites
 * `properties.rules.properties` from the catalogue (touching nothing else); this test fails
 * while the file is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { validateConfig } from '../../server/src/core/config';
import { docsUrl } from '../../server/src/core/rule';

const FILE = path.join(__dirname, '..', '..', 'schemas', 'parley.config.schema.json');
const HINT = 'out of date: run PARLEY_UPDATE_SCHEMA=1 npx vitest run test/extension/config-schema.test.ts';

/** One rule's entry: its severity setting, described in Chinese then English (one language per sentence). */
function ruleEntry(r: (typeof RULES)[number]): object {
  const { id, description, defaultSeverity } = r.meta;
  return {
    description: `${description.zh}（默认：${defaultSeverity}）。\n${description.en} (default: ${defaultSeverity}).`,
    markdownDescription: `${description.zh}（默认：\`${defaultSeverity}\`）。[文档](${docsUrl(id, 'zh')})\n\n${description.en} (default: \`${defaultSeverity}\`). [Documentation](${docsUrl(id, 'en')})`,
    allOf: [{ $ref: '#/definitions/ruleSetting' }],
  };
}

function generated(): Record<string, object> {
  return Object.fromEntries(RULES.map((r) => [r.meta.id, ruleEntry(r)]));
}

if (process.env.PARLEY_UPDATE_SCHEMA === '1') {
  const schema = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  schema.properties.rules.properties = generated();
  fs.writeFileSync(FILE, JSON.stringify(schema, null, 2) + '\n');
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const schema = JSON.parse(fs.readFileSync(FILE, 'utf8')) as any;

describe('schemas/parley.config.schema.json: rule ids', () => {
  it('lists every rule of the catalogue (no more, no fewer), each described from its meta', () => {
    const rules = schema.properties.rules;
    expect(Object.keys(rules.properties), HINT).toEqual(RULES.map((r) => r.meta.id));
    for (const r of RULES) expect(rules.properties[r.meta.id], `${r.meta.id}: ${HINT}`).toEqual(ruleEntry(r));
    // Unknown ids are still accepted by the schema: the config loader names them with a did-you-mean.
    expect(rules.additionalProperties).toEqual({ $ref: '#/definitions/ruleSetting' });
  });

  it('validates as before: a severity or [severity, options], for known and unknown ids alike', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const id = RULES[0].meta.id;
    expect(validate({ rules: { [id]: 'warning' } })).toBe(true);
    expect(validate({ rules: { [id]: ['error', {}] } })).toBe(true);
    expect(validate({ rules: { [id]: 'loud' } })).toBe(false);
    expect(validate({ rules: { 'no-such-rule': 'error' } })).toBe(true);
    expect(() => validateConfig({ rules: { [id]: 'loud' } }, 'parley.config.json', RULES)).toThrow(/rules/);
    expect(() => validateConfig({ rules: { [id.slice(0, -1)]: 'error' } }, 'parley.config.json', RULES)).toThrow(/did you mean/);
  });
});
