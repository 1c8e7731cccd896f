/**
 * Linear in the input (issue 13 item 4): doubling each pathological input shape about doubles the
 * work, and the findings stay bounded (a few related locations and a count per duplicate title; a
 * ceiling per line and per file with one message saying the rest were cut).
 *
 * Work is measured as this process's CPU time (process.cpuUsage, not wall-clock: other processes
 * do not count), the best of three repetitions at each size, and the bound is generous (< 3.5×
 * for 2× the input: linear is 2×, quadratic 4×). Sizes are large enough that a quadratic pass
 * dominates everything else.
 */
import { describe, expect, it } from 'vitest';
import { lintText, lintWorkspace } from '../../server/src/core';

const HEAD = 'stage: M2\naudience: debtor\nchannel: call\n\n';

const SHAPES: Record<string, (n: number) => string> = {
  'disable/enable pairs': (n) => HEAD + 'title: 开场\n---\n' + '// parley-disable abusive-language -- 合规已批准，工单 1234\n坐席: 您好，请问您今天方便吗？\n// parley-enable abusive-language\n'.repeat(n) + '===\n',
  'unknown header keys in one node': (n) => HEAD + 'title: 开场\n' + Array.from({ length: n }, (_, i) => `备注${i}: 第${i}条\n`).join('') + '---\n坐席: 您好。\n===\n',
  'undefined jumps': (n) => HEAD + 'title: 开场\n---\n坐席: 您好。\n' + Array.from({ length: n }, (_, i) => `<<jump 不存在的节点${i}>>\n`).join('') + '===\n',
  'same-titled nodes': (n) => HEAD + 'title: 开场\n---\n坐席: 您好，请问是本人吗？\n===\n'.repeat(n),
  'one very long line of 你': (n) => HEAD + 'title: 开场\n---\n坐席: ' + '你'.repeat(n * 8) + '\n===\n',
};

function cpuMs(f: () => void): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

describe('linear in the input: 16k vs 32k of each shape', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(`${name}: 2× the input costs < 3.5× the work, and the findings stay bounded`, { timeout: 240_000 }, () => {
      lintText(make(200)); // warm up (bank, JIT)
      const small = make(16_000);
      const big = make(32_000);
      let fSmall: ReturnType<typeof lintText> = [];
      let fBig: ReturnType<typeof lintText> = [];
      const a = cpuMs(() => (fSmall = lintText(small)));
      const b = cpuMs(() => (fBig = lintText(big)));
      // eslint-disable-next-line no-console
      console.log(`${name}: ${a.toFixed(0)} ms → ${b.toFixed(0)} ms (${(b / a).toFixed(2)}×), ${fSmall.length} → ${fBig.length} findings`);
      expect(b / Math.max(a, 5)).toBeLessThan(3.5);
      // Messages are short whatever the input: no finding lists every other copy.
      const longest = Math.max(...fBig.map((f) => f.message.length));
      expect(longest).toBeLessThan(600);
      const total = fBig.reduce((n, f) => n + f.message.length, 0);
      expect(total).toBeLessThan(2.5 * fSmall.reduce((n, f) => n + f.message.length, 0) + 10_000);
    });
  }
});

describe('linear in the input across files', () => {
  it('the same title opening 1,500 vs 3,000 scripts: 2× the files costs < 3.5× the work', { timeout: 240_000 }, () => {
    // Each copy used to list every other copy (4,000 scripts: 785 MB of JSON, stylish crashed).
    const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ uri: `s${i}.parley`, text: HEAD + 'title: 开场\n---\n坐席: 您好，请问是本人吗？\n===\n' }));
    lintWorkspace(docs(100)); // warm up
    const small = docs(1500);
    const big = docs(3000);
    let fBig: ReturnType<typeof lintWorkspace> = [];
    const a = cpuMs(() => lintWorkspace(small));
    const b = cpuMs(() => (fBig = lintWorkspace(big)));
    // eslint-disable-next-line no-console
    console.log(`same title across files: ${a.toFixed(0)} ms → ${b.toFixed(0)} ms (${(b / a).toFixed(2)}×)`);
    expect(b / Math.max(a, 5)).toBeLessThan(3.5);
    const dup = fBig.flatMap((x) => x.findings.filter((f) => f.ruleId === 'duplicate-title'));
    expect(dup).toHaveLength(3000);
    expect(Math.max(...dup.map((d) => d.message.length))).toBeLessThan(300);
  });
});

describe('bounded findings', () => {
  it('a duplicate title names at most a few other places and a count', () => {
    const f = lintText(SHAPES['same-titled nodes'](1000)).filter((x) => x.ruleId === 'duplicate-title');
    expect(f).toHaveLength(1000); // one per copy
    expect(f[0].message).toMatch(/共 1000 处/);
    expect((f[0].message.match(/第 \d+ 行/g) ?? []).length).toBeLessThanOrEqual(3);
  });

  it('across files too: 4,000 scripts each opening with 开场 give 4,000 short findings', () => {
    const docs = Array.from({ length: 4000 }, (_, i) => ({ uri: `s${i}.parley`, text: HEAD + 'title: 开场\n---\n坐席: 您好，请问是本人吗？\n===\n' }));
    const r = lintWorkspace(docs);
    const dup = r.flatMap((x) => x.findings.filter((f) => f.ruleId === 'duplicate-title'));
    expect(dup).toHaveLength(4000);
    for (const d of dup) expect(d.message.length).toBeLessThan(300);
  });

  it('a line of 1,000,000 你 gives at most the per-line ceiling and one message saying the rest were cut', () => {
    const f = lintText(HEAD + 'title: 开场\n---\n坐席: ' + '你'.repeat(1_000_000) + '\n===\n');
    const onLine = f.filter((x) => x.range.start.line === 6);
    expect(onLine.length).toBeLessThanOrEqual(101);
    const cut = f.filter((x) => x.ruleId === 'findings-cut');
    expect(cut).toHaveLength(1);
    expect(cut[0].message).toMatch(/未列出|omitted/);
  });

  it('a file with findings on every line stops at the per-file ceiling with one message', () => {
    const f = lintText(HEAD + 'title: 开场\n---\n' + '坐席: 你这个老赖。\n'.repeat(20_000) + '===\n');
    expect(f.length).toBeLessThanOrEqual(5001);
    const cut = f.filter((x) => x.ruleId === 'findings-cut');
    expect(cut).toHaveLength(1);
  });
});
