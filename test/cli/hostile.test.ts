/**
 * Issue 13: what a hostile repository or an unlucky shell can do to the CLI. Every read is bounded
 * (devices, FIFOs and sockets are reported as `file-special` and never read; a link to /dev/zero
 * under any name Parley reads ends the run quickly), and the CLI is a good shell citizen (closed
 * stdout, full disk, files reachable twice, --max-warnings, --stdin --fix, ignored files, SARIF
 * URIs, terminal escapes in file names, the language server's usage).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tempDir } from '../helpers/cli';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; severity: string; message: string; line: number; fatal?: boolean }[];
}

const GOOD = ['title: 开场', 'stage: M1', 'audience: debtor', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '==='].join('\n') + '\n';
const BAD = ['title: 催收', 'stage: M2', 'audience: debtor', '---', '坐席: 你这个老赖，今天必须还钱！', '==='].join('\n') + '\n';

/** The CLI with a time limit: a hang is a failure, not a stuck test. */
function run(args: string[], cwd: string, opts: { input?: string | Buffer; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input: opts.input, timeout: opts.timeout ?? 30_000, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, signal: r.signal, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8') };
}
const json = (b: Buffer) => JSON.parse(b.toString('utf8')) as JsonResult[];
const hasDevZero = fs.existsSync('/dev/zero');
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

describe('every read is bounded: devices, FIFOs and links to /dev/zero', () => {
  it.runIf(hasDevZero)('x.parley -> /dev/zero is reported as file-special (exit 2) and the other files are linted', () => {
    const dir = tempDir({ 'a.parley': BAD });
    fs.symlinkSync('/dev/zero', path.join(dir, 'x.parley'));
    const r = run(['lint', '--format', 'json'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    const out = json(r.stdout);
    const x = out.find((f) => f.filePath.endsWith('x.parley'))!;
    expect(x.messages).toHaveLength(1);
    expect(x.messages[0]).toMatchObject({ ruleId: 'file-special', severity: 'error', fatal: true });
    expect(x.messages[0].message).toMatch(/字符设备/);
    expect(out.find((f) => f.filePath.endsWith('a.parley'))!.messages.some((m) => m.ruleId === 'abusive-language')).toBe(true);
    // Named on the command line too.
    const named = run(['lint', '--format', 'json', 'x.parley'], dir);
    expect(named.code).toBe(2);
    expect(json(named.stdout)[0].messages[0].ruleId).toBe('file-special');
  });

  it.runIf(hasDevZero)('parley.config.json -> /dev/zero is a config error (exit 2), not a hang', () => {
    const dir = tempDir({ 'a.parley': GOOD });
    fs.symlinkSync('/dev/zero', path.join(dir, 'parley.config.json'));
    const r = run(['lint', '--locale', 'en'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/parley\.config\.json.*not a regular file/s);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.runIf(hasDevZero)('.gitignore and .parleycache -> /dev/zero: the run ends with the findings of a run without them', () => {
    const dir = tempDir({ 'a.parley': BAD, 'b.parley': GOOD });
    const plain = run(['lint', '--format', 'json'], dir);
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.parleycache'));
    const r = run(['lint', '--format', 'json', '--cache'], dir);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(plain.code);
    expect(json(r.stdout)).toEqual(json(plain.stdout));
  });

  it.runIf(hasMkfifo)('a FIFO named on the command line or met in a walk is reported and never waited on', () => {
    const dir = tempDir({ 'a.parley': GOOD });
    execFileSync('mkfifo', [path.join(dir, 'pipe.parley')]);
    const named = run(['lint', '--format', 'json', 'pipe.parley', 'a.parley'], dir, { timeout: 20_000 });
    expect(named.signal).toBeNull();
    expect(named.code).toBe(2);
    const out = json(named.stdout);
    expect(out.find((f) => f.filePath.endsWith('pipe.parley'))!.messages[0]).toMatchObject({ ruleId: 'file-special', fatal: true });
    const walked = run(['lint', '--format', 'json'], dir, { timeout: 20_000 });
    expect(walked.signal).toBeNull();
    // Whether the walk lists it or not, nothing waits on it.
    for (const f of json(walked.stdout)) if (f.filePath.endsWith('pipe.parley')) expect(f.messages[0].ruleId).toBe('file-special');
  });
});

describe('a good shell citizen', () => {
  /** A script with many findings: more output than a pipe holds. */
  const LOUD = ['title: 开场', 'stage: M1', 'audience: debtor', '---', ...Array.from({ length: 3000 }, (_, i) => `坐席: 你好，你第${i}次听我说。`), '==='].join('\n') + '\n';

  it('parley lint | head -1 ends quietly with the exit code it would have had', () => {
    const dir = tempDir({ 'loud.parley': LOUD });
    const alone = run(['lint'], dir);
    const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} lint | head -1 >/dev/null; echo "code=\${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    expect(r.stderr).toContain(`code=${alone.code}`);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });

  it.runIf(fs.existsSync('/dev/full'))('a full disk (>/dev/full) is one line on stderr and exit 2', () => {
    const dir = tempDir({ 'loud.parley': LOUD });
    const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} lint --locale en >/dev/full`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('parley: cannot write the output (ENOSPC)');
  });

  it('a folder reachable twice through links is linted once (no duplicates of itself, --fix writes once)', () => {
    const dir = tempDir({ 'a/one.parley': BAD, 'b.parley': GOOD });
    fs.symlinkSync('..', path.join(dir, 'a', 'up'));
    fs.symlinkSync('.', path.join(dir, 'loop'));
    const r = run(['lint', '--format', 'json'], dir);
    const out = json(r.stdout);
    expect(out.map((f) => path.relative(dir, f.filePath)).sort()).toEqual(['a/one.parley', 'b.parley']);
    expect(out.flatMap((f) => f.messages).some((m) => m.ruleId === 'duplicate-title')).toBe(false);
    const fix = run(['lint', '--fix', '--format', 'json'], dir);
    expect(fix.code).toBe(1); // the abusive word is left; nothing "changed while Parley was running"
    expect(fix.stdout.toString()).not.toMatch(/changed while/);
    expect(fs.readFileSync(path.join(dir, 'a', 'one.parley'), 'utf8')).toContain('您这个老赖');
  });

  it('--max-warnings says when it is exceeded', () => {
    const warn = ['title: 开场', 'stage: M1', 'audience: debtor', '---', '坐席: 喂，在吗？', '==='].join('\n') + '\n';
    const dir = tempDir({ 'w.parley': warn });
    const counts = json(run(['lint', '--format', 'json'], dir).stdout)[0].messages.filter((m) => m.severity === 'warning').length;
    expect(counts).toBeGreaterThan(0);
    const r = run(['lint', '--max-warnings', '0', '--locale', 'en'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${counts} warning${counts === 1 ? '' : 's'}, more than --max-warnings 0 allows`);
    expect(run(['lint', '--max-warnings', String(counts)], dir).stderr).toBe('');
  });

  it('--stdin --fix prints the fixed text on stdout and what is left, in --format, on stderr', () => {
    const dir = tempDir();
    const r = run(['lint', '--stdin', '--fix', '--format', 'json', '--stdin-filename', 's.parley'], dir, { input: BAD });
    expect(r.code).toBe(1);
    expect(r.stdout.toString('utf8')).toContain('坐席: 您这个老赖，今天必须还钱！');
    const rest = JSON.parse(r.stderr) as JsonResult[];
    expect(rest[0].messages.some((m) => m.ruleId === 'abusive-language')).toBe(true);
    expect(rest[0].messages.some((m) => m.ruleId === 'prefer-honorific')).toBe(false);
  });

  it('--stdin --fix refuses GBK or Latin-1 input as it does on disk: exit 2, nothing on stdout, never U+FFFD', () => {
    const dir = tempDir();
    const gbk = Buffer.concat([Buffer.from('title: 开场\nstage: M1\naudience: debtor\n---\n坐席: ', 'utf8'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('\n===\n')]);
    for (const input of [gbk, Buffer.from([0x74, 0x3a, 0x20, 0xe9, 0x0a])]) {
      const r = run(['lint', '--stdin', '--fix', '--format', 'json'], dir, { input });
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stdout.includes(Buffer.from('\ufffd'))).toBe(false);
      expect(JSON.parse(r.stderr)[0].messages[0]).toMatchObject({ ruleId: 'file-encoding', fatal: true });
    }
  });

  it('a file named on the command line but ignored by the config gets a warning', () => {
    const dir = tempDir({ 'parley.config.json': JSON.stringify({ ignore: ['drafts/**'] }), 'drafts/d.parley': BAD, 'a.parley': GOOD });
    const r = run(['lint', 'drafts/d.parley', 'a.parley', '--locale', 'en'], dir);
    expect(r.stderr).toContain('drafts/d.parley is ignored by the "ignore" list');
    expect(r.code).toBe(0);
    expect(run(['lint'], dir).stderr).toBe(''); // found by a walk: silently skipped, as asked
  });

  it('SARIF URIs are RFC 3986: #, %, spaces, newlines and Chinese percent-encoded', () => {
    const names = ['h#i.parley', '100%.parley', 'a b.parley', 'new\nline.parley', '话术 #2?.parley', "it's(1).parley"];
    const dir = tempDir(Object.fromEntries(names.map((n, i) => [n, BAD.replace('催收', `催收${i}`)])));
    const r = run(['lint', '--format', 'sarif'], dir);
    const log = JSON.parse(r.stdout.toString('utf8'));
    const uris: string[] = log.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
    const rfc3986Path = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$/;
    for (const u of uris) expect(u).toMatch(rfc3986Path);
    expect(new Set(uris.map((u) => decodeURIComponent(u)))).toEqual(new Set(names));
    const base = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri as string;
    expect(base).toMatch(/^file:\/\/\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*\/$/);
    expect(new URL(uris[0], base).protocol).toBe('file:');
  });

  it('stylish output escapes control characters in file names (no raw terminal escapes)', () => {
    const name = 'evil\u001b[2J\u001b[31mred\u0007.parley';
    const dir = tempDir({ [name]: BAD });
    const r = run(['lint'], dir);
    const out = r.stdout.toString('utf8');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('evil\\x1b[2J\\x1b[31mred\\x07.parley');
  });
});

describe('parley-language-server on the command line', () => {
  const SERVER = path.join(ROOT, 'dist', 'server.js');
  const ls = (args: string[]) => spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', timeout: 20_000, input: '' });
  it('--help and --version print usage and the version, exit 0', () => {
    const h = ls(['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage:[\s\S]*--stdio/);
    const v = ls(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('no transport (or --node-ipc without a channel) prints usage on stderr, exit 2, no stack trace', () => {
    for (const args of [[], ['--node-ipc'], ['--verbose']]) {
      const r = ls(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/Usage:/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('--fix keeps what it does not fix', () => {
  const FIXABLE = ['title: 开场', 'stage: M1', 'audience: debtor', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '坐席: 你今天几点方便还款？', '==='].join('\n') + '\n';

  it('never writes through a link to a file outside the linted folders', () => {
    const outside = tempDir({ 'target.parley': FIXABLE });
    const dir = tempDir();
    fs.symlinkSync(path.join(outside, 'target.parley'), path.join(dir, 'link.parley'));
    const r = run(['lint', '--fix', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    const msg = json(r.stdout)[0].messages[0];
    expect(msg).toMatchObject({ fatal: true });
    expect(msg.message).toMatch(/outside the linted folders/);
    expect(fs.readFileSync(path.join(outside, 'target.parley'), 'utf8')).toBe(FIXABLE);
    expect(fs.readdirSync(outside)).toEqual(['target.parley']);
  });

  it('keeps the mode whatever the umask (664, 2775 with setgid) and, as root, the owner', () => {
    for (const mode of [0o664, 0o2775, 0o600]) {
      const dir = tempDir({ 'm.parley': FIXABLE });
      const file = path.join(dir, 'm.parley');
      const isRoot = process.getuid?.() === 0;
      if (isRoot) fs.chownSync(file, 4321, 4321); // (before chmod: chown clears setgid)
      fs.chmodSync(file, mode);
      expect((fs.statSync(file).mode & 0o7777).toString(8)).toBe(mode.toString(8));
      const r = spawnSync('bash', ['-c', `umask 077; node ${JSON.stringify(CLI)} lint --fix m.parley`], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toContain('您今天几点方便还款');
      const st = fs.statSync(file);
      expect((st.mode & 0o7777).toString(8)).toBe(mode.toString(8));
      if (isRoot) expect([st.uid, st.gid]).toEqual([4321, 4321]);
      expect(fs.readdirSync(dir)).toEqual(['m.parley']);
    }
  });

  it('keeps a second U+FEFF after the BOM', () => {
    const dir = tempDir({ 'b.parley': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(FIXABLE)]) });
    const r = run(['lint', '--fix', 'b.parley'], dir);
    expect(r.code).toBe(0);
    const after = fs.readFileSync(path.join(dir, 'b.parley'));
    expect(after.subarray(0, 6).equals(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]))).toBe(true);
    expect(after.subarray(6).toString('utf8')).toBe(FIXABLE.replace('你今天', '您今天'));
  });
});

describe('the cache is a hint, never a verdict (CLI)', () => {
  it('a committed .parleycache whose entries say "no messages, counts 0" hides no finding (exit 1, same output)', () => {
    const dir = tempDir({ 'a.parley': BAD, 'b.parley': GOOD });
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: tempDir() };
    const cliEnv = (args: string[], e: NodeJS.ProcessEnv) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: e, encoding: 'utf8' });
    const plain = cliEnv(['lint', '--format', 'json'], env);
    expect(plain.status).toBe(1);
    // The attacker writes a genuine cache on their machine (their own key), then empties it.
    cliEnv(['lint', '--format', 'json', '--cache'], { ...env, PARLEY_CACHE_KEY: 'attacker' });
    const lines = fs.readFileSync(path.join(dir, '.parleycache'), 'utf8').split('\n');
    const forged = lines.map((l, i) => {
      if (i === 0 || !l) return l;
      const [mac, meta, index] = l.split('\t');
      const m = JSON.parse(meta);
      m.counts = { error: 0, warning: 0, total: 0 };
      return [mac, JSON.stringify(m), index, '[]'].join('\t');
    });
    fs.writeFileSync(path.join(dir, '.parleycache'), forged.join('\n'));
    const r = cliEnv(['lint', '--format', 'json', '--cache'], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(plain.stdout);
    // A corrupted messages part: valid JSON output, the same findings, never "internal error".
    const genuine = fs.readFileSync(path.join(dir, '.parleycache'), 'utf8');
    fs.writeFileSync(path.join(dir, '.parleycache'), genuine.replace(/\t\[\{"ruleId"/g, '\t[{"rul'));
    const c = cliEnv(['lint', '--format', 'json', '--cache'], env);
    expect(c.status).toBe(1);
    expect(c.stdout).toBe(plain.stdout);
    expect(c.stderr).not.toMatch(/internal error/);
  });
});

describe('duplicate titles across 4,000 scripts (CLI)', () => {
  // Each copy used to list every other copy: stylish output crashed (RangeError: Invalid string
  // length, exit 2) and JSON output was 785 MB. Now each copy names a few others and a count, so
  // the output grows with the files, not with their square.
  const OPENING = ['title: 开场', 'stage: M1', 'audience: debtor', '---', '坐席: 您好，请问是本人吗？', '==='].join('\n') + '\n';
  const dirs = new Map<number, string>();
  const folder = (n: number) => {
    let dir = dirs.get(n);
    if (!dir) {
      dir = tempDir();
      for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `s${String(i).padStart(4, '0')}.parley`), OPENING);
      dirs.set(n, dir);
    }
    return dir;
  };

  it('stylish and JSON: every copy reported once, exit code of the findings, output linear in the files', { timeout: 300_000 }, () => {
    // JSON over 1,000 and 4,000 scripts: 4× the files, about 4× the bytes (the square would be 16×).
    const sizes: Record<number, number> = {};
    let code = -1;
    for (const n of [1000, 4000]) {
      const j = run(['lint', '--format', 'json'], folder(n), { timeout: 240_000 });
      expect(j.stderr).toBe('');
      const results = json(j.stdout);
      expect(results).toHaveLength(n);
      const dup = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'duplicate-title'));
      expect(dup).toHaveLength(n); // one per copy
      for (const d of dup) expect(d.message.length).toBeLessThan(300);
      expect(dup[0].message).toContain(String(n)); // …with the count of copies
      const errors = results.some((r) => r.messages.some((m) => m.severity === 'error'));
      expect(j.code).toBe(errors ? 1 : 0);
      sizes[n] = j.stdout.length;
      code = j.code;
    }
    const ratio = sizes[4000] / sizes[1000];
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.6);
    // Stylish over the 4,000 (it crashed): one line per copy, a bounded line each, the same exit code.
    const s = run(['lint', '--format', 'stylish'], folder(4000), { timeout: 240_000 });
    expect(s.stderr).toBe(''); // no RangeError, no stack trace
    expect(s.code).toBe(code);
    const lines = s.stdout.toString('utf8').split('\n');
    const dupLines = lines.filter((l) => /duplicate-title/.test(l));
    expect(dupLines).toHaveLength(4000);
    expect(Math.max(...dupLines.map((l) => l.length))).toBeLessThan(400);
    expect(s.stdout.length).toBeLessThan(4000 * 1200); // per file: its name and its few findings
    for (const dir of dirs.values()) fs.rmSync(dir, { recursive: true, force: true });
  });
});
