/**
 * Closed files' texts reach the server's thread as buffers moved from the background thread, not
 * as strings (lsp/offload.ts `transfers`, lsp/workspace.ts UnitsText): the server's heap does not
 * hold them, and they are made strings, exactly as read, only when a feature parses the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { OffloadWorker, transfers, type FromWorker, type Result } from '../../server/src/lsp/offload';
import { utf8Length } from '../../server/src/lsp/host';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { UnitsText, unitsOf, Workspace } from '../../server/src/lsp/workspace';
import { NodeServerHost } from '../../server/src/node/server-host';
import { JUMPER, REMOTE } from './fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-offload-texts-'));
const files = [path.join(dir, 'a.parley'), path.join(dir, 'b.parley')];
fs.writeFileSync(files[0], JUMPER);
fs.writeFileSync(files[1], REMOTE);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('UnitsText', () => {
  it('gives back exactly the string it was made from, whatever its length or code units', () => {
    const long = '坐席：您好，我是{company}的{agent_name}。\n'.repeat(700);
    for (const s of ['', 'a', '\uFEFF第一行\r\n第二行', 'x\uD800y\uDC00z', '😀'.repeat(5000), long, long.slice(0, 8192), long.slice(0, 8193)]) {
      const t = new UnitsText(unitsOf(s));
      expect(t.length).toBe(s.length);
      expect(t.value()).toBe(s);
    }
  });
});

describe('closed files read by the background thread', () => {
  function load(encoded: boolean): FromWorker[] {
    const messages: FromWorker[] = [];
    const turns: (() => void)[] = [];
    const w = new OffloadWorker(new NodeServerHost(), (m) => messages.push(m), (f) => turns.push(f), utf8Length);
    w.receive({ t: 'setup', setup: { settings: DEFAULT_SETTINGS, locale: 'en', folder: dir, encoded } });
    w.receive({ t: 'jobs', jobs: files.map((key, i) => ({ key, seq: i + 1, load: true, lint: true })) });
    while (turns.length) turns.shift()!();
    return messages;
  }
  const results = (ms: FromWorker[]) => ms.flatMap((m) => (m.t === 'results' ? m.results : []));

  it('send each text as its code units in a buffer of its own, the input’s text empty', () => {
    const rs = results(load(false));
    expect(rs.map((r) => r.key)).toEqual(files);
    for (const [i, r] of rs.entries()) {
      const l = r.loaded!;
      expect('input' in l).toBe(true);
      if (!('input' in l)) continue;
      expect(l.input.text).toBe('');
      expect(l.units).toBeInstanceOf(Uint16Array);
      expect(l.units.byteOffset).toBe(0);
      expect(l.units.byteLength).toBe(l.units.buffer.byteLength);
      expect(new UnitsText(l.units).value()).toBe([JUMPER, REMOTE][i]);
    }
  });

  it('move the texts and the encoded diagnostics to the server’s thread instead of copying them', () => {
    const ms = load(true).filter((m) => m.t === 'results');
    expect(ms.length).toBeGreaterThan(0);
    const { port1, port2 } = new MessageChannel();
    try {
      for (const m of ms) {
        const rs = (m as { results: Result[] }).results;
        const units = rs.map((r) => (r.loaded && 'units' in r.loaded ? r.loaded.units : undefined)).filter((u) => u !== undefined);
        const encoded = rs.map((r) => (r.linted && 'message' in r.linted ? r.linted.message : undefined)).filter((u) => u !== undefined);
        expect(units.length).toBe(rs.length);
        expect(encoded.length).toBe(rs.length);
        const list = transfers(m);
        expect(list.length).toBe(units.length + encoded.length);
        const texts = units.map((u) => new UnitsText(u).value());
        port1.postMessage(m, list);
        // Moved: the thread's buffers are empty now, and the other side has the texts as they were.
        for (const u of [...units, ...encoded]) expect(u.byteLength).toBe(0);
        const got = receiveMessageOnPort(port2)!.message as { results: Result[] };
        expect(got.results.map((r) => (r.loaded && 'units' in r.loaded ? new UnitsText(r.loaded.units).value() : undefined))).toEqual(texts);
      }
    } finally {
      port1.close();
    }
  });

  it('are kept as code units on the thread too, with one recent parse at most', () => {
    const messages: FromWorker[] = [];
    const turns: (() => void)[] = [];
    const w = new OffloadWorker(new NodeServerHost(), (m) => messages.push(m), (f) => turns.push(f), utf8Length);
    w.receive({ t: 'setup', setup: { settings: DEFAULT_SETTINGS, locale: 'en', folder: dir, encoded: false } });
    w.receive({ t: 'jobs', jobs: files.map((key, i) => ({ key, seq: i + 1, load: true, lint: false })) });
    w.receive({ t: 'jobs', jobs: files.map((key, i) => ({ key, seq: i + 10, load: false, lint: true })) });
    while (turns.length) turns.shift()!();
    const ws = (w as unknown as { workspace: Workspace }).workspace;
    expect(ws.heldScripts()).toEqual({ open: 0, recent: 1 });
    for (const [i, key] of files.entries()) {
      const e = ws.get(key)!;
      expect(e.text).toBeInstanceOf(UnitsText);
      expect(ws.scriptOf(e)!.text).toBe([JUMPER, REMOTE][i]);
    }
    // Every file was linted (from its code units).
    expect(results(messages).filter((r) => r.linted).length).toBe(files.length);
  });

  it('are kept so on the server’s side, and parsed from them on demand', () => {
    const rs = results(load(false));
    const ws = new Workspace();
    for (const r of rs) {
      const l = r.loaded!;
      if (!('input' in l)) throw new Error('not read');
      ws.put({ ...l.input, text: new UnitsText(l.units) }, l.outline, l.keys);
    }
    const e = ws.get(files[0])!;
    expect(typeof e.text).not.toBe('string');
    expect(ws.scriptOf(e)!.text).toBe(JUMPER);
  });
});
