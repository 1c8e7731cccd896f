/**
 * The pre-commit hook (.pre-commit-hooks.yaml) used as docs/CI.md says: a project's
 * .pre-commit-config.yaml names this repository, a rev and the hook id `parley`; pre-commit
 * installs it (language node: npm install, npm pack, npm install -g) and runs it on `git commit`.
 * Needs Debian's pre-commit (scripts/setup-test-env.sh installs it); the hook under test is this
 * repository's HEAD commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const required = process.env.PARLEY_E2E_REQUIRED === '1';

const header = (title: string) => [`title: ${title}`, 'stage: M2', 'audience: debtor', 'channel: call', '---'];
const opener = '坐席: 您好,我是{company}的{agent_name},请问是{debtor_name}先生本人吗?';
const good = (title: string, extra: string[] = []) => [...header(title), opener, '坐席: 请问您今天下午几点前能先还多少?', ...extra, '==='].join('\n') + '\n';

describe.runIf(hasPreCommit || required)('pre-commit hook', () => {
  it('is found and installed by pre-commit', () => {
    expect(hasPreCommit, 'pre-commit is not installed (scripts/setup-test-env.sh installs it)').toBe(true);
  });

  it('blocks a commit with findings, lints the whole project, and lets a clean commit through', () => {
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const repo = tempDir({
      '.pre-commit-config.yaml': ['repos:', `  - repo: ${ROOT}`, `    rev: ${rev}`, '    hooks:', '      - id: parley', '        args: [--cache]', ''].join('\n'),
      'scripts/target.parley': good('目标'),
      'notes.txt': 'not a script\n',
    });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pre-commit-home-'));
    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
    expect(git('init', '-q').status).toBe(0);
    expect(spawnSync('pre-commit', ['install'], { cwd: repo, env, encoding: 'utf8' }).status).toBe(0);
    git('add', '.pre-commit-config.yaml', 'scripts/target.parley', 'notes.txt');
    const first = git('commit', '-q', '-m', 'first');
    expect(first.status, first.stdout + first.stderr).toBe(0);

    // A script with abusive wording: the commit is refused and the finding shown.
    fs.writeFileSync(path.join(repo, 'scripts', 'bad.parley'), good('坏', ['坐席: 您这个老赖。']));
    git('add', 'scripts/bad.parley');
    const refused = git('commit', '-q', '-m', 'bad');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/abusive-language/);
    expect(git('rev-list', '--count', 'HEAD').stdout.trim()).toBe('1');

    // Fixed, and jumping to a node of a file that is not staged: the project is linted as a
    // whole, so the jump is not undefined.
    fs.writeFileSync(path.join(repo, 'scripts', 'bad.parley'), good('坏', ['<<jump 目标>>']));
    git('add', 'scripts/bad.parley');
    const ok = git('commit', '-q', '-m', 'fixed');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).not.toMatch(/undefined-jump/);
    // args: [--cache] reached Parley.
    expect(fs.existsSync(path.join(repo, '.parleycache'))).toBe(true);

    // Only a non-script file staged: the hook is skipped.
    fs.appendFileSync(path.join(repo, 'notes.txt'), 'more\n');
    git('add', 'notes.txt');
    const skipped = git('commit', '-m', 'notes');
    expect(skipped.status).toBe(0);
    expect(skipped.stdout + skipped.stderr).toMatch(/parley\.+\(no files to check\)Skipped/);
  }, 600_000);
});
