/**
 * A one-file lint loads none of Node's streams or node:crypto (server/src/node/stdio.ts writes
 * standard output and error with fs.writeSync when they are a file, a pipe or /dev/null; a small
 * file's run-only hash is computed in JavaScript, node/cache.ts runHash): they were about a tenth
 * of the run. The output is the same wherever it goes. (Without the code cache: the loader's
 * first run, which writes it, loads node:worker_threads, and with it the streams.)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli';

const CLEAN = ['title: 开场', 'stage: M1', 'audience: unverified', 'channel: call', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '===', ''].join('\n');
const BAD = CLEAN.replace('请问是{debtor_name}先生本人吗？', '你这个老赖。');

function run(file: string, stdout: 'pipe' | 'null' | 'file', args: string[] = []) {
  const dir = tempDir({ 'a.parley': file, 'parley.config.json': '{ "root": true }\n', 'mods.cjs': "process.on('exit', () => require('fs').writeFileSync(__dirname + '/mods.txt', process.moduleLoadList.join('\\n')));\n" });
  const outFile = path.join(dir, 'out.txt');
  const fd = stdout === 'file' ? fs.openSync(outFile, 'w') : stdout === 'null' ? fs.openSync('/dev/null', 'w') : 'pipe';
  const r = spawnSync(process.execPath, ['-r', path.join(dir, 'mods.cjs'), CLI, 'lint', 'a.parley', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1', PARLEY_NO_COMPILE_CACHE: '1' } });
  if (typeof fd === 'number') fs.closeSync(fd);
  const mods = fs.readFileSync(path.join(dir, 'mods.txt'), 'utf8').split('\n');
  return { status: r.status, stdout: stdout === 'file' ? fs.readFileSync(outFile, 'utf8') : (r.stdout ?? ''), stderr: r.stderr, mods };
}
const heavy = (mods: string[]) => mods.filter((m) => ['NativeModule stream', 'NativeModule net', 'NativeModule crypto', 'NativeModule tty'].includes(m));

describe.skipIf(process.platform === 'win32')('a one-file lint loads no stream and no crypto module', () => {
  it('a clean script, its output to a pipe, a file or /dev/null', () => {
    for (const where of ['pipe', 'file', 'null'] as const) {
      const r = run(CLEAN, where);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(heavy(r.mods), where).toEqual([]);
    }
  });

  it('findings written to a pipe or a file: the same text either way, still no stream', () => {
    const piped = run(BAD, 'pipe');
    const filed = run(BAD, 'file');
    expect(piped.status).toBe(1);
    expect(piped.stdout).toMatch(/abusive-language/);
    expect(filed.stdout).toBe(piped.stdout);
    expect(heavy(piped.mods)).toEqual([]);
    expect(heavy(filed.mods)).toEqual([]);
    const json = run(BAD, 'pipe', ['--format', 'json']);
    expect(JSON.parse(json.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toContain('abusive-language');
  });

  it('--cache still hashes with sha256 (node:crypto), as the cache file keeps', () => {
    const r = run(BAD, 'pipe', ['--cache']);
    expect(r.status).toBe(1);
    expect(r.mods).toContain('NativeModule crypto');
  });
});
