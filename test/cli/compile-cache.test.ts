/**
 * dist/cli.js is a loader (scripts/loader.cjs) that runs dist/cli-bundle.js compiled with V8's code
 * cache, kept in <tmpdir>/parley-compile-cache-<uid>/. The cache changes nothing a run prints: the
 * first run writes it (a folder and file of this user's only), later runs read it, a damaged or
 * foreign file is rejected and replaced, another folder owner's is not used, and
 * PARLEY_NO_COMPILE_CACHE=1 writes nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from '../helpers/cli';

const SCRIPT = ['title: 开场', 'stage: M2', 'audience: debtor', 'channel: call', '---', '坐席: 您好，我是{company}的{agent_name}，请问是{debtor_name}先生本人吗？', '坐席: 您这个老赖。', '===', ''].join('\n');
const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';

function run(tmp: string, extra: Record<string, string> = {}) {
  const project = tempDir({ 'a.parley': SCRIPT });
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'a.parley'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, PARLEY_NO_COMPILE_CACHE: '', ...extra } });
  return { status: r.status, stdout: r.stdout.split(project).join('<project>'), stderr: r.stderr };
}
const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('cli-bundle.js-')) : []);

describe.skipIf(process.platform === 'win32')('the code cache of dist/cli.js', () => {
  it('is written by the first run, read by the next, and changes nothing printed', () => {
    const tmp = tempDir();
    const dir = path.join(tmp, `parley-compile-cache-${uid}`);
    const plain = run(tmp, { PARLEY_NO_COMPILE_CACHE: '1' });
    expect(plain.status).toBe(1);
    expect(JSON.parse(plain.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toContain('abusive-language');
    expect(fs.existsSync(dir), 'PARLEY_NO_COMPILE_CACHE=1 writes nothing').toBe(false);

    const first = run(tmp);
    expect(first).toEqual(plain);
    const [file] = cacheFiles(dir);
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    const written = fs.statSync(path.join(dir, file)).mtimeMs;

    const second = run(tmp);
    expect(second).toEqual(plain);
    expect(cacheFiles(dir)).toEqual([file]);
    expect(fs.statSync(path.join(dir, file)).mtimeMs, 'an accepted cache is not written again').toBe(written);

    // Damaged: V8 rejects it, the run is the same, and the file is replaced.
    fs.writeFileSync(path.join(dir, file), Buffer.from('not a code cache'));
    expect(run(tmp)).toEqual(plain);
    expect(fs.statSync(path.join(dir, file)).size).toBeGreaterThan(1000);
  });

  it('ignores a folder others may write to', () => {
    const tmp = tempDir();
    const dir = path.join(tmp, `parley-compile-cache-${uid}`);
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    const plain = run(tmp, { PARLEY_NO_COMPILE_CACHE: '1' });
    expect(run(tmp)).toEqual(plain);
    expect(cacheFiles(dir)).toEqual([]);
  });
});
