/**
 * Scheduling over stdio: a lone change is linted at once (no typing delay), a burst of changes is
 * linted once for its last version, nothing is published for an outdated version, and edits sent
 * as ranges (as editors send them, re-linted incrementally) end with the diagnostics of the text.
 * Needs dist/server.js (built by test/setup/build.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintWorkspace } from '../../server/src/core';
import { EXAMPLES, LspClient, rangeOf, workspaceWith } from './client';
import { FIXABLE } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.parley')).sort().map((f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8'));
/** A document of a few thousand lines: the examples, many times over. */
const BIG = Array.from({ length: 20 }, () => examples.join('\n')).join('\n');

describe('linting as the writer types', () => {
  // One server and one workspace folder per test: the files share titles, which would otherwise
  // make them each other's duplicate-title findings.
  const clients: LspClient[] = [];
  let dir: string;
  let c: LspClient;
  const start = async (files: Record<string, string>) => {
    dir = workspaceWith(files, false);
    c = new LspClient();
    clients.push(c);
    await c.initialize([dir]);
    // The folder's first scan (the background thread) is done: what it publishes is not mistaken for
    // a publish of the edits under test (on a loaded machine it can end after a document was opened).
    await c.waitUntil('index log', () => c.notifications.find((n) => n.method === 'window/logMessage' && /^(Indexed|已索引)/.test(n.params.message)), 60_000);
  };
  afterAll(async () => {
    for (const cl of clients) expect(await cl.shutdown()).toBe(0);
  });

  it('a lone change gets its diagnostics without a typing delay', async () => {
    await start({ 'small.parley': FIXABLE });
    const uri = c.open(path.join(dir, 'small.parley'));
    await c.diagnosticsFor(uri, 1);
    const latencies: number[] = [];
    for (let v = 2; v <= 12; v++) {
      await sleep(20); // the server is idle: nothing to coalesce with
      const text = v % 2 ? FIXABLE : FIXABLE.replace('对不起', '我向您道歉');
      const t0 = performance.now();
      c.change(uri, v, text);
      const ds = await c.diagnosticsFor(uri, v);
      latencies.push(performance.now() - t0);
      expect(ds.map((d) => d.code)).toEqual(v % 2 ? ['apology-wording', 'prefer-honorific'] : ['prefer-honorific']);
    }
    latencies.sort((a, b) => a - b);
    // How fast is measured in bench/ (lsp latency), never asserted here: a loaded CI machine
    // would make any bound flaky. Printed for whoever reads the log.
    // eslint-disable-next-line no-console
    console.log(`lone change → diagnostics: median ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, min ${latencies[0].toFixed(1)} ms`);
    // Every version was published once, in order: a lone change is never coalesced away.
    expect(c.published(uri).map((p) => p.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('a burst of changes publishes only for its last version, with the diagnostics of that text', async () => {
    await start({ 'big.parley': BIG });
    const uri = c.open(path.join(dir, 'big.parley'));
    const first = await c.diagnosticsFor(uri, 1, 60_000);
    expect(first.length).toBeGreaterThan(100);
    const before = c.published(uri).length;
    const lines = BIG.split('\n');
    const agent = lines.map((l, i) => (/^坐席[::]/.test(l) ? i : -1)).filter((i) => i >= 0);
    // Ten keystrokes arriving together, as when the server was busy: only the last is linted.
    c.batch(() => {
      for (let v = 2; v <= 11; v++) c.changeRange(uri, v, [agent[v * 7], 3], [agent[v * 7], 3], v === 11 ? '你必须今天还清,否则起诉你' : '你');
    });
    const last = await c.diagnosticsFor(uri, 11, 60_000);
    await sleep(300);
    expect(c.published(uri).slice(before).map((p) => p.version)).toEqual([11]);
    // …and they are the diagnostics of the text after all ten edits.
    for (let v = 2; v <= 11; v++) {
      const l = agent[v * 7];
      lines[l] = lines[l].slice(0, 3) + (v === 11 ? '你必须今天还清,否则起诉你' : '你') + lines[l].slice(3);
    }
    const expected = lintWorkspace([{ uri: path.join(dir, 'big.parley'), text: lines.join('\n') }])[0].findings;
    expect(last.map((d) => [d.code, ...rangeOf(d), d.message])).toEqual(expected.map((f) => [f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character, f.message]));
    expect(last.length).toBeGreaterThan(first.length);
  });

  it('edits sent as ranges (characters, newlines, deletions, a title) end with the diagnostics of the resulting text', async () => {
    await start({ 'typed.parley': examples[0] });
    const file = path.join(dir, 'typed.parley');
    const uri = c.open(file);
    await c.diagnosticsFor(uri, 1);
    let text = examples[0];
    const lines = () => text.split('\n');
    const offset = (l: number, ch: number) => lines().slice(0, l).reduce((n, s) => n + s.length + 1, 0) + ch;
    const edit = (v: number, l: number, ch: number, l2: number, ch2: number, insert: string) => {
      text = text.slice(0, offset(l, ch)) + insert + text.slice(offset(l2, ch2));
      c.changeRange(uri, v, [l, ch], [l2, ch2], insert);
    };
    const n = lines().length;
    const title = lines().findIndex((l) => /^title[::]/.test(l));
    const steps: [number, number, number, number, string][] = [
      [Math.floor(n / 2), 0, Math.floor(n / 2), 0, '坐席: 你这个老赖\n'], // a new line with a finding, lines below move
      [n - 2, 0, n - 2, 0, '\n'], // a newline near the end
      [2, 0, 3, 0, ''], // a line removed near the top
      [title, 0, title, lines()[title].length, 'title: 改过的标题'], // a title changed
      [Math.floor(n / 3), 1, Math.floor(n / 3), 1, '对不起'],
    ];
    let v = 1;
    for (const [l, ch, l2, ch2, insert] of steps) {
      edit(++v, l, ch, l2, ch2, insert);
      const got = await c.diagnosticsFor(uri, v);
      const expected = lintWorkspace([{ uri: file, text }])[0].findings;
      expect(got.map((d) => [d.code, ...rangeOf(d), d.message])).toEqual(expected.map((f) => [f.ruleId, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character, f.message]));
    }
  });
});
