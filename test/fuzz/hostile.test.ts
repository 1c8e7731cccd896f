/**
 * Nothing from the workspace executes, and nothing in it can hang the linter: configs are JSON data,
 * lexicon patterns from a config become pieces of the automaton and small graphs (no regular
 * expression ever runs on them), and a hostile pattern is rejected at once or matched in (near-)linear time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CLASSES } from '../../server/src/core/lexicons';
import { checkLexicon, checkLexicons, lintText, mergeClasses, resolveConfig } from '../../server/src/core';
import { cli, tempDir } from '../helpers/cli';

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

const node = (line: string) => ['title: 开场', 'stage: M3', 'audience: debtor', 'channel: sms', '---', `坐席: ${line}`, '==='].join('\n') + '\n';

describe('hostile lexicon patterns in a config', () => {
  it('a huge alternation compiles at once (one node, not 100,000 forms)', () => {
    const alternatives = Array.from({ length: 100_000 }, (_, i) => `词${i}`);
    for (const pattern of [alternatives.join('|'), `(${alternatives.join('|')})`, `前(${alternatives.join('|')})后`]) {
      expect(checkLexicon({ terms: [pattern] })).toBeUndefined();
    }
  }, 120_000);

  it('a product of groups is compiled without being enumerated (2^64 forms), and matches', () => {
    // Enumerated, 2^64 forms would never finish: the test's time-out is the hang guard.
    expect(checkLexicon({ terms: ['(a|b)'.repeat(64)] })).toBeUndefined();
    const config = resolveConfig({ lexicons: { 'abusive-language': { terms: ['(a|b)'.repeat(64)] } } });
    const findings = lintText(node('您好,' + 'ab'.repeat(40) + '。'), 'a.parley', config);
    expect(findings.filter((f) => f.ruleId === 'abusive-language').length).toBe(1);
  });

  it('deep nesting is rejected, not a stack overflow', () => {
    for (const pattern of ['('.repeat(100_000) + 'a' + ')'.repeat(100_000), '('.repeat(100_000), '(((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))']) {
      expect(checkLexicon({ terms: [pattern] })).toMatch(/nests groups more than 32 deep|unclosed/);
    }
  });

  it('a long literal pattern is fine, and so is linting with it', () => {
    const long = '长'.repeat(200_000);
    expect(checkLexicon({ terms: [long] })).toBeUndefined();
    const config = resolveConfig({ lexicons: { 'abusive-language': { terms: [long] } } });
    const findings = lintText(node('您好,' + long + '。'), 'a.parley', config);
    expect(findings.some((f) => f.ruleId === 'abusive-language')).toBe(true);
  }, 120_000);

  it('gap patterns on a long line run in near-linear time (a…a on 50,000 vs 200,000 a)', () => {
    const config = resolveConfig({ lexicons: { 'abusive-language': { terms: ['a…a', 'a……a', '(a|b)…<num>', 'b<any>…a'] } } });
    lintText(node('aaaa'), 'w.parley', config); // warm up: bank built
    const run = (n: number) => time(() => lintText(node('a'.repeat(n) + '{amount}' + 'a'.repeat(n)), 'a.parley', config))[1];
    const small = Math.max(run(50_000), 1);
    const big = run(200_000);
    // Linear would be 4×, quadratic 16× (and minutes): allow for noise, not for a square.
    expect(big).toBeLessThan(Math.max(12 * small, 400));
  }, 120_000);

  it('a total budget over all patterns of a config: 5 small patterns that each refer 24 times to a class of <num> forms (250,000 nodes) are a config error, exit 2', () => {
    // Each reference to a class whose terms hold <num> is compiled anew: 24 × 1,000 forms per
    // pattern. Without the budget, 60 such patterns (16 KB) took 12 s and 900 MB in every thread.
    const classes = { c: { terms: Array.from({ length: 1000 }, (_, i) => String.fromCharCode(0x4e00 + i) + '<num>') } };
    const terms = Array.from({ length: 5 }, (_, p) => String.fromCharCode(0x8000 + p) + '[c]'.repeat(24));
    for (const term of terms) expect(checkLexicon({ terms: [term] }, mergeClasses(BUILTIN_CLASSES, classes))).toBeUndefined(); // each one alone is fine
    const dir = tempDir({ 'parley.config.json': JSON.stringify({ classes, lexicons: { 'abusive-language': { terms: terms.slice(0, 2) }, 'threat-of-violence': { terms: terms.slice(2) } } }), 'a.parley': node('您好') });
    const r = cli(['lint', '--locale', 'en'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/invalid configuration[\s\S]*\/lexicons\/threat-of-violence: the lexicons of the config together compile to more than 200,000 compiled nodes \(the total budget/);
    expect(r.stderr.match(/total budget/g)).toHaveLength(1); // once, not per pattern
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('the 4 KB config of 60 patterns of 4,096 forms each over 240 files: worker threads give the output of one thread, no crash, no warning', { timeout: 180_000 }, () => {
    // Each pattern is 12 groups of 2 (2^12 forms): it used to be multiplied out, and the worker that
    // built the automaton ran out of memory (ERR_WORKER_OUT_OF_MEMORY, no output, exit 1).
    const terms = Array.from({ length: 60 }, (_, p) => Array.from({ length: 12 }, (_, g) => `(${String.fromCharCode(0x4e00 + p * 24 + g * 2)}|${String.fromCharCode(0x4e01 + p * 24 + g * 2)})`).join(''));
    const files: Record<string, string> = { 'parley.config.json': JSON.stringify({ lexicons: { 'abusive-language': { terms } } }) };
    for (let i = 0; i < 240; i++) files[`s${i}.parley`] = node(i % 4 ? '您好，请问您今天方便处理吗？' : '您好，' + String.fromCharCode(...Array.from({ length: 12 }, (_, g) => 0x4e00 + 7 * 24 + g * 2)) + '。').replace('开场', `开场${i}`);
    const dir = tempDir(files);
    const one = cli(['lint', '--format', 'json', '--jobs', '1'], { cwd: dir });
    const many = cli(['lint', '--format', 'json', '--jobs', '2'], { cwd: dir });
    expect(one.code).toBe(1); // every fourth file says one of the 4,096 forms of pattern 7
    expect(JSON.parse(one.stdout).filter((f: { messages: { ruleId: string }[] }) => f.messages.some((m) => m.ruleId === 'abusive-language'))).toHaveLength(60);
    expect([many.code, many.stderr, many.stdout]).toEqual([one.code, '', one.stdout]);
  });

  it('the budget leaves room: 20,000 plain terms and a 100,000-way alternation pass validation together', () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `自定义词${i}号`);
    const alternation = Array.from({ length: 100_000 }, (_, i) => `词${i}`).join('|');
    expect(checkLexicons([['abusive-language', { terms }], ['threat-of-violence', { terms: [alternation] }]])).toEqual([]);
  }, 120_000);

  it('the CLI refuses a hostile config quickly with exit 2 and says why', () => {
    const dir = tempDir({
      'parley.config.json': JSON.stringify({ classes: { a: { terms: ['x[b]'] }, b: { terms: ['[a]y'] } }, lexicons: { 'threat-of-violence': { terms: ['('.repeat(5000) + 'a'] } } }),
      'a.parley': node('您好'),
    });
    const r = cli(['lint', '--locale', 'en'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refers to itself/);
    expect(r.stderr).toMatch(/nests groups more than 32 deep/);
  });
});

describe('nothing from the workspace executes', () => {
  it('a parley.config.js is not loaded, script text is never evaluated, and __proto__ in a config pollutes nothing', () => {
    const dir = tempDir({
      'parley.config.js': "require('fs').writeFileSync(__dirname + '/EXECUTED', 'config'); module.exports = {};",
      'parley.config.json': '{ "rules": { "__proto__": "off" }, "__proto__": { "polluted": true } }',
      'a.parley': node("${require('fs').writeFileSync('EXECUTED2', 'x')} {constructor} {__proto__} <<jump __proto__>>"),
    });
    const r = cli(['lint', '--format', 'json'], { cwd: dir });
    expect(fs.existsSync(path.join(dir, 'EXECUTED'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'EXECUTED2'))).toBe(false);
    // The odd config is refused as data (unknown keys), never merged into anything.
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/配置文件 .* 无效：/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
