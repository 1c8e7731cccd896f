/**
 * The background thread's side (lsp/offload.ts OffloadWorker), in-process with a clock of the
 * test's own: while documents change it starts no file (TYPING_PAUSE_MS after the last change),
 * lets one through per MAX_TYPING_PAUSE_MS when the changes never stop, and once they do it
 * finishes the work with the same diagnostics as a thread that never paused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TYPING_PAUSE_MS, OffloadWorker, TYPING_PAUSE_MS, type FromWorker, type Result } from '../../server/src/lsp/offload';
import { utf8Length } from '../../server/src/lsp/host';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { NodeServerHost } from '../../server/src/node/server-host';
import { JUMPER, REMOTE, FIXABLE } from './fixtures';

const FILES = 6;
/** (The one file's result is sent with the next flush, at most FLUSH_MS after the last.) */
const FLUSH_TURN = 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-offload-pause-'));
const keys = Array.from({ length: FILES }, (_, i) => path.join(dir, `s${i}.parley`));
keys.forEach((k, i) => fs.writeFileSync(k, [JUMPER, REMOTE, FIXABLE][i % 3]));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A thread driven by hand: turns of its event loop and timers on the test's clock. */
function thread(typing: boolean) {
  let now = 1_000_000;
  let lastEdit = 0;
  const turns: (() => void)[] = [];
  let timers: { at: number; f: () => void }[] = [];
  const messages: FromWorker[] = [];
  const clock = { lastEdit: () => lastEdit, now: () => now, after: (ms: number, f: () => void) => void timers.push({ at: now + ms, f }) };
  const w = new OffloadWorker(new NodeServerHost(), (m) => messages.push(m), (f) => turns.push(f), utf8Length, typing ? clock : { ...clock, lastEdit: () => 0 });
  const drain = () => {
    for (let n = 0; turns.length; n++) {
      if (n > 10_000) throw new Error('the thread never rests');
      turns.shift()!();
    }
  };
  /** Time goes on by `ms`; the timers due run, and the turns they start. */
  const advance = (ms: number) => {
    now += ms;
    drain();
    for (;;) {
      const due = timers.filter((t) => t.at <= now);
      if (!due.length) return;
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.f();
      drain();
    }
  };
  const results = () => messages.flatMap((m) => (m.t === 'results' ? m.results : []));
  const logs = () => messages.flatMap((m) => (m.t === 'log' ? [typeof m.text === 'string' ? m.text : m.text.en] : []));
  w.receive({ t: 'setup', setup: { settings: { ...DEFAULT_SETTINGS, trace: { server: 'verbose' } }, locale: 'en', folder: dir, encoded: false } });
  return {
    w,
    messages,
    results,
    logs,
    drain,
    advance,
    /** A document changes now. */
    edit: () => void (lastEdit = now),
    pendingTimers: () => timers.length,
  };
}

const findings = (rs: Result[]) =>
  new Map(rs.map((r) => [r.key, r.linted && 'diagnostics' in r.linted ? r.linted.diagnostics!.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`) : r.linted]));

describe('the background thread waits while documents change', () => {
  it('starts no file while changes come, then does all of them, with the findings of a thread that never waited', () => {
    const jobs = keys.map((key, i) => ({ key, seq: i + 1, load: true, lint: true }));
    const plain = thread(false);
    plain.w.receive({ t: 'jobs', jobs, batch: 1 });
    plain.drain();
    expect(plain.results().map((r) => r.key)).toEqual(keys);

    const t = thread(true);
    t.edit();
    t.w.receive({ t: 'jobs', jobs, batch: 1 });
    t.drain();
    expect(t.results()).toEqual([]);
    expect(t.pendingTimers()).toBe(1);
    expect(t.logs()).toEqual([`Background work paused while typing (${FILES} file(s) waiting)`]);
    // Changes every 50 ms, for less than MAX_TYPING_PAUSE_MS: nothing is read or linted.
    const steps = Math.floor((MAX_TYPING_PAUSE_MS - 1) / 50);
    for (let i = 0; i < steps; i++) {
      t.advance(50);
      t.edit();
    }
    expect(t.results()).toEqual([]);
    expect(t.messages.some((m) => m.t === 'done')).toBe(false);
    // The changes go on past MAX_TYPING_PAUSE_MS: one file goes through, then the thread waits again.
    for (let i = 0; i < 3; i++) {
      t.advance(50);
      t.edit();
    }
    t.advance(FLUSH_TURN);
    expect(t.results().map((r) => r.key)).toEqual([keys[0]]);
    // Typing stops: after TYPING_PAUSE_MS the rest is done, and the batch is answered.
    t.advance(TYPING_PAUSE_MS);
    expect(t.results().map((r) => r.key)).toEqual(keys);
    expect(t.messages.filter((m) => m.t === 'done')).toEqual([{ t: 'done', batch: 1 }]);
    expect(t.logs().at(-1)).toBe(`Background work resumed (${FILES - 1} file(s) waiting)`);
    expect(findings(t.results())).toEqual(findings(plain.results()));
    expect([...findings(t.results()).values()].some((f) => Array.isArray(f) && f.length > 0)).toBe(true);
  });

  it('a change after the last file changes nothing: an idle thread has nothing to wait for', () => {
    const t = thread(true);
    t.w.receive({ t: 'jobs', jobs: [{ key: keys[0], seq: 1, load: true, lint: true }] });
    t.drain();
    expect(t.results().map((r) => r.key)).toEqual([keys[0]]);
    t.edit();
    t.advance(TYPING_PAUSE_MS);
    expect(t.pendingTimers()).toBe(0);
    expect(t.logs()).toEqual([]);
  });
});
