/**
 * `parley lint --format sarif` validates against the SARIF 2.1.0 JSON schema kept in the repo
 * (test/cli/sarif-2.1.0.schema.json: the OASIS schema, draft-07; a test fixture, not shipped), so GitHub code scanning accepts it.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copyExamples, EXAMPLES, tempDir } from '../helpers/cli';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif-2.1.0.schema.json'), 'utf8'));

// The schema's three string formats, checked as RFC 3986 / RFC 3339 say (ajv ships no formats).
// (unicodeRegExp off: one of the schema's patterns, for language tags, is not valid with the u flag.)
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/\s/.test(s) && URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

function check(stdout: string) {
  const log = JSON.parse(stdout);
  const ok = validate(log);
  return { log, ok, errors: (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`) };
}

describe('SARIF output against the SARIF 2.1.0 schema', () => {
  it('the kept schema is the OASIS SARIF 2.1.0 schema', () => {
    expect(schema.$id).toBe('https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json');
    expect(schema.properties.version.enum).toEqual(['2.1.0']);
  });

  it('validates for the labelled examples (findings of every severity, relative URIs)', () => {
    const r = cli(['lint', '.', '--format', 'sarif'], { cwd: EXAMPLES });
    expect(r.code).toBe(1);
    const { log, ok, errors } = check(r.stdout);
    expect(errors).toEqual([]);
    expect(ok).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(20);
    expect(new Set(log.runs[0].results.map((x: { level: string }) => x.level))).toEqual(new Set(['error', 'warning', 'note']));
  });

  it('validates for a clean run (no results) and for files outside the working folder (file: URIs)', () => {
    const clean = tempDir({ 'a.parley': ['stage: M1', 'title: 开场', 'audience: debtor', '---', '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '==='].join('\n') + '\n' });
    const r1 = cli(['lint', '--format', 'sarif'], { cwd: clean });
    const c1 = check(r1.stdout);
    expect(c1.errors).toEqual([]);
    const dir = copyExamples();
    const elsewhere = tempDir();
    const r2 = cli(['lint', dir, '--format', 'sarif'], { cwd: elsewhere });
    const c2 = check(r2.stdout);
    expect(c2.errors).toEqual([]);
    expect(c2.log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\//);
  });

  it('validates when a file cannot be read (a tool execution notification, exit 2)', () => {
    const dir = tempDir({ 'ok.parley': 'title: a\naudience: debtor\nstage: M1\n---\n坐席: 您好\n===\n', 'bad.parley': Buffer.from([0xff, 0xfe, 0x41]) });
    const r = cli(['lint', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(2);
    const { log, errors } = check(r.stdout);
    expect(errors).toEqual([]);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/UTF-8/);
    // …and a file-level finding with its id, its message in Chinese and, in the property bag, in English.
    const bad = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'file-encoding');
    expect(bad.message.text).toMatch(/不是有效的 UTF-8/);
    expect(bad.message.properties).toMatchObject({ locale: 'zh', messageId: 'invalid', translations: { en: expect.stringMatching(/not valid UTF-8/) } });
  });

  it('carries fixes and suggestions as SARIF fixes (character offsets in UTF-16 units, BOM not counted) and validates', () => {
    const text = ['stage: M1', 'channel: call', '', 'title: 开场😀', 'audince: debtor', 'audience: debtor', '---', '坐席: 😀您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?', '坐席: 欠钱不还是犯法的,请问你今天几点方便处理?', '==='].join('\n') + '\n';
    const dir = tempDir({ 'a.parley': '\ufeff' + text });
    const r = cli(['lint', 'a.parley', '--format', 'sarif'], { cwd: dir });
    const { log, errors } = check(r.stdout);
    expect(errors).toEqual([]);
    expect(log.runs[0].columnKind).toBe('utf16CodeUnits');
    type Fix = { description?: { text: string }; properties: { applied: boolean }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }[] }[] };
    const results = log.runs[0].results as { ruleId: string; fixes?: Fix[] }[];
    /** Each fix as [description, applied, the text it replaces, the text it inserts]. */
    const edits = (id: string) =>
      results.find((x) => x.ruleId === id)!.fixes!.map((f) => {
        const [change] = f.artifactChanges;
        expect(change.artifactLocation.uri).toBe('a.parley');
        const [{ deletedRegion: d, insertedContent }] = change.replacements;
        return [f.description?.text, f.properties.applied, text.slice(d.charOffset, d.charOffset + d.charLength), insertedContent.text];
      });
    expect(edits('unknown-header')).toEqual([['改为「audience」', false, 'audince', 'audience']]);
    expect(edits('criminal-threat')).toEqual([['改用安全说法「违约」', false, '犯法', '违约']]);
    expect(edits('prefer-honorific')).toEqual([['改为「您」', true, '你', '您']]);
    // The same edits as the json format's, in the same order.
    const json = JSON.parse(cli(['lint', 'a.parley', '--format', 'json'], { cwd: dir }).stdout)[0].messages as { ruleId: string; fix?: { range: number[] }; suggestions?: { fix: { range: number[] } }[] }[];
    const offsets = (fs: Fix[]) => fs.map((f) => f.artifactChanges[0].replacements[0].deletedRegion).map((d) => [d.charOffset, d.charOffset + d.charLength]);
    expect(results.flatMap((x) => offsets(x.fixes ?? []))).toEqual(json.flatMap((m) => [...(m.fix ? [m.fix.range] : []), ...(m.suggestions ?? []).map((s) => s.fix.range)]));
    // In English, the descriptions too.
    const en = check(cli(['lint', 'a.parley', '--format', 'sarif', '--locale', 'en'], { cwd: dir }).stdout);
    expect(en.errors).toEqual([]);
    expect((en.log.runs[0].results as { ruleId: string; fixes?: Fix[] }[]).find((x) => x.ruleId === 'criminal-threat')!.fixes![0].description!.text).toBe('Use the safe wording "违约"');
  });

  it('a finding with nothing to edit has no fixes', () => {
    const log = JSON.parse(cli(['lint', 'red-lines.parley', '--format', 'sarif'], { cwd: EXAMPLES }).stdout);
    expect((log.runs[0].results as { ruleId: string; fixes?: unknown }[]).find((x) => x.ruleId === 'abusive-language')).not.toHaveProperty('fixes');
  });

  it('a broken log is rejected (the validation has teeth)', () => {
    const r = cli(['lint', '.', '--format', 'sarif'], { cwd: EXAMPLES });
    const log = JSON.parse(r.stdout);
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    delete log.version;
    expect(validate(log)).toBe(false);
  });
});
