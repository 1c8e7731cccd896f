/**
 * The CLI loses nothing: --fix never writes over what it should not (read-only files, files that
 * changed while Parley ran), keeps BOMs and CRLF line ends and every byte it did not fix, writes
 * atomically, and a large run with one unreadable file lints all the others.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../server/src/node/config-loader';
import { lintFilesAsync } from '../../server/src/node/lint-files';
import { ConcurrentWriteError, writeAtomic } from '../../server/src/node/read';
import { CLI, cli, tempDir } from '../helpers/cli';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: string; message: string; line: number; fatal?: boolean; fix?: { range: [number, number]; text: string } }[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A script with fixable findings (你 → 您, 对不起 → 我向您道歉) and lines that must stay as they are. */
const FIXABLE = [
  'stage: M3',
  'channel: call',
  '',
  'title: 开场',
  'audience: debtor',
  '---',
  '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?   ',
  '坐席: 你今天几点方便还款?你看行吗?',
  '\t// 备注:语气放缓',
  '坐席: 对不起,请问您几点方便处理?',
  '===',
  '',
];

/** The CLI with room for a big output (the helper's spawnSync keeps the default 1 MB buffer). */
function bigCli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

describe('--fix on a read-only file', () => {
  it('reports it, exits 2 and leaves the bytes as they were', () => {
    const dir = tempDir({ 'ro.parley': FIXABLE.join('\n') });
    const file = path.join(dir, 'ro.parley');
    const before = fs.readFileSync(file);
    fs.chmodSync(file, 0o444);
    const r = cli(['lint', '--fix', '--format', 'json', 'ro.parley'], { cwd: dir });
    expect(r.code).toBe(2);
    const out = json(r.stdout);
    expect(out[0].messages[0]).toMatchObject({ ruleId: null, fatal: true });
    expect(out[0].messages[0].message).toMatch(/read-only/);
    // The findings of the file as it is are still reported.
    expect(out[0].messages.filter((m) => m.ruleId === 'prefer-honorific')).toHaveLength(2);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    expect(fs.readdirSync(dir)).toEqual(['ro.parley']); // no temp file left behind
  });
});

describe('--fix on a file that changes while Parley runs', () => {
  it('does not overwrite the newer content and reports the file (in-process, the CLI adapter)', async () => {
    const dir = tempDir({ 'a.parley': FIXABLE.join('\n'), 'b.parley': FIXABLE.join('\n').replace('开场', '开场二') });
    const a = path.join(dir, 'a.parley');
    const b = path.join(dir, 'b.parley');
    const edited = FIXABLE.join('\n') + '坐席: 这是编辑器刚刚加上的一行。\n';
    const r = await lintFilesAsync([a, b], new ConfigLoader(), {
      fix: true,
      // Just before Parley writes a.parley, someone saves a new version of it.
      beforeWrite: (f) => {
        if (f === a) fs.writeFileSync(a, edited);
      },
    });
    expect(r.hadFatal).toBe(true);
    const ra = r.results.find((x) => x.filePath === a)!;
    expect(ra.messages[0].fatal).toBe(true);
    expect(ra.messages[0].message).toMatch(/changed while Parley was running/);
    expect(fs.readFileSync(a, 'utf8')).toBe(edited);
    // The other file is fixed as usual.
    expect(fs.readFileSync(b, 'utf8')).toContain('坐席: 您今天几点方便还款?您看行吗?');
  });
});

describe('--fix compares and swaps right before the rename (size, mtime, content hash)', () => {
  const hash = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const T = 1_700_000_000;
  /** A file as --fix read it, and what writeAtomic is told to expect. */
  function readAsFix(file: string) {
    const bytes = fs.readFileSync(file);
    const st = fs.statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs, hash, digest: hash(bytes) };
  }
  const cases: [string, (file: string) => void][] = [
    ['another size', (f) => fs.appendFileSync(f, '坐席: 另一个程序加的一行。\n')],
    // Same size, and the old mtime put back: only the content hash can tell.
    [
      'same size and mtime, other bytes',
      (f) => {
        const b = fs.readFileSync(f);
        b[b.length - 2] = b[b.length - 2] === 0x3d ? 0x2d : 0x3d;
        fs.writeFileSync(f, b);
        fs.utimesSync(f, T, T);
        expect([fs.statSync(f).size, fs.statSync(f).mtimeMs]).toEqual([b.length, T * 1000]);
      },
    ],
    // The same bytes saved again: only the mtime moved. Conservative: not written.
    [
      'same bytes, saved again',
      (f) => {
        fs.writeFileSync(f, fs.readFileSync(f));
        fs.utimesSync(f, T, T + 5);
      },
    ],
  ];
  for (const [name, otherWriter] of cases) {
    it(`a concurrent writer between the temp file and the rename is detected (${name}); its bytes stay, no temp file`, () => {
      const dir = tempDir({ 'c.parley': FIXABLE.join('\n') });
      const file = path.join(dir, 'c.parley');
      fs.utimesSync(file, T, T); // whole seconds: a writer can put the same mtime back
      const expect_ = readAsFix(file);
      let theirs: Buffer | undefined;
      expect(() =>
        writeAtomic(file, 'Parley 的修复', {
          expect: expect_,
          beforeRename: () => {
            otherWriter(file);
            theirs = fs.readFileSync(file);
          },
        }),
      ).toThrow(ConcurrentWriteError);
      expect(fs.readFileSync(file).equals(theirs!)).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['c.parley']);
    });
  }

  it('without a concurrent writer the rename happens (the check has no false alarm)', () => {
    const dir = tempDir({ 'c.parley': FIXABLE.join('\n') });
    const file = path.join(dir, 'c.parley');
    writeAtomic(file, 'Parley 的修复', { expect: readAsFix(file), beforeRename: () => undefined });
    expect(fs.readFileSync(file, 'utf8')).toBe('Parley 的修复');
  });

  it('through --fix: the file is reported ("changed while Parley was writing it", exit 2 in the CLI), the other files are fixed', async () => {
    const dir = tempDir({ 'a.parley': FIXABLE.join('\n'), 'b.parley': FIXABLE.join('\n').replace('开场', '开场二') });
    const a = path.join(dir, 'a.parley');
    const b = path.join(dir, 'b.parley');
    const edited = FIXABLE.join('\n') + '坐席: 编辑器在 Parley 写临时文件时保存了这一行。\n';
    const r = await lintFilesAsync([a, b], new ConfigLoader(), {
      fix: true,
      beforeRename: (f) => {
        if (f === a) fs.writeFileSync(a, edited);
      },
    });
    expect(r.hadFatal).toBe(true);
    const ra = r.results.find((x) => x.filePath === a)!;
    expect(ra.messages[0]).toMatchObject({ fatal: true });
    expect(ra.messages[0].message).toMatch(/changed while Parley was writing it/);
    expect(fs.readFileSync(a, 'utf8')).toBe(edited);
    expect(fs.readFileSync(b, 'utf8')).toContain('坐席: 您今天几点方便还款?您看行吗?');
    expect(fs.readdirSync(dir).sort()).toEqual(['a.parley', 'b.parley']);
  });
});

describe('--fix on a CRLF file with a BOM', () => {
  it('keeps the BOM and the CRLF line ends, writes by atomic rename, and changes only the fixed spans', () => {
    const original = Buffer.concat([BOM, Buffer.from(FIXABLE.join('\r\n'), 'utf8')]);
    const dir = tempDir({ 'crlf.parley': original });
    const file = path.join(dir, 'crlf.parley');
    fs.chmodSync(file, 0o640);
    const inodeBefore = fs.statSync(file).ino;

    // The fixes Parley proposes, as offsets into the text (after the BOM).
    const plan = json(cli(['lint', '--format', 'json', 'crlf.parley'], { cwd: dir }).stdout)[0].messages.filter((m) => m.fix);
    expect(plan.map((m) => m.ruleId).sort()).toEqual(['apology-wording', 'prefer-honorific', 'prefer-honorific']);

    const r = cli(['lint', '--fix', '--format', 'json', 'crlf.parley'], { cwd: dir });
    expect(r.code).toBe(0); // only info findings were left, and they were fixed
    const after = fs.readFileSync(file);

    // BOM kept, every line end still CRLF, as many lines as before.
    expect(after.subarray(0, 3).equals(BOM)).toBe(true);
    const text = after.subarray(3).toString('utf8');
    expect(text.split('\r\n')).toHaveLength(FIXABLE.length);
    expect(/(^|[^\r])\n/.test(text)).toBe(false);

    // Byte by byte: outside the fixed spans the file is what it was; inside, the fix texts.
    const oldText = original.subarray(3).toString('utf8');
    const spans = plan.map((m) => m.fix!).sort((x, y) => x.range[0] - y.range[0]);
    let expected = Buffer.from(BOM);
    let pos = 0;
    let oldBytePos = 3;
    let newBytePos = 3;
    for (const s of spans) {
      const untouched = Buffer.from(oldText.slice(pos, s.range[0]), 'utf8');
      expect(after.subarray(newBytePos, newBytePos + untouched.length).equals(original.subarray(oldBytePos, oldBytePos + untouched.length))).toBe(true);
      const fixed = Buffer.from(s.text, 'utf8');
      expect(after.subarray(newBytePos + untouched.length, newBytePos + untouched.length + fixed.length).equals(fixed)).toBe(true);
      oldBytePos += untouched.length + Buffer.byteLength(oldText.slice(s.range[0], s.range[1]), 'utf8');
      newBytePos += untouched.length + fixed.length;
      expected = Buffer.concat([expected, untouched, fixed]);
      pos = s.range[1];
    }
    expected = Buffer.concat([expected, Buffer.from(oldText.slice(pos), 'utf8')]);
    expect(after.subarray(newBytePos).equals(original.subarray(oldBytePos))).toBe(true);
    expect(after.equals(expected)).toBe(true);

    // Atomic: a new file renamed over the old one (new inode), same mode, nothing left behind.
    expect(fs.statSync(file).ino).not.toBe(inodeBefore);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['crlf.parley']);
  });

  it('writes through a symbolic link to the file it points to (the link stays a link)', () => {
    const dir = tempDir({ 'real/target.parley': FIXABLE.join('\n') });
    fs.symlinkSync(path.join(dir, 'real', 'target.parley'), path.join(dir, 'link.parley'));
    const r = cli(['lint', '--fix', 'link.parley'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'link.parley')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real', 'target.parley'), 'utf8')).toContain('您今天几点方便还款');
  });
});

describe('10,000 files, one of them unreadable', () => {
  it('lints every other file, reports the bad one and exits 2, with the same results on one thread', { timeout: 180_000 }, () => {
    const dir = tempDir();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const sub = path.join(dir, `team-${i % 50}`);
      if (i < 50) fs.mkdirSync(sub);
      // Each file: its own title, a jump to the next file's node (cross-file), one known finding.
      const body = [`title: 节点-${i}`, 'stage: M2', 'audience: debtor', 'channel: sms', '---', `坐席: 您好,您这个老赖。`, `<<jump 节点-${(i + 1) % N}>>`, '==='].join('\n') + '\n';
      fs.writeFileSync(path.join(sub, `s-${String(i).padStart(5, '0')}.parley`), body);
    }
    // Not valid UTF-8 (chmod 000 would not stop root from reading it).
    const bad = path.join(dir, 'team-7', 's-bad.parley');
    fs.writeFileSync(bad, Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));

    const r = bigCli(['lint', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    const out = json(r.stdout);
    expect(out).toHaveLength(N + 1);
    const broken = out.find((f) => f.filePath === bad)!;
    expect(broken.messages).toHaveLength(1);
    expect(broken.messages[0]).toMatchObject({ ruleId: 'file-encoding', severity: 'error', fatal: true });
    expect(broken.messages[0].message).toMatch(/不是有效的 UTF-8/);
    const others = out.filter((f) => f.filePath !== bad);
    // Every other file was linted: its one abusive word, and no undefined jump (the index spans all files).
    for (const f of others) expect(f.messages.map((m) => m.ruleId)).toEqual(['abusive-language']);

    const single = bigCli(['lint', '--format', 'json', '--jobs', '1'], dir);
    expect(single.code).toBe(2);
    expect(single.stdout).toBe(r.stdout);
  });
});
