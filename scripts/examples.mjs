// `npm run examples`: lint the bundled labelled examples (../shared/examples), print the findings,
// then score them against expected.json. Exits with the scorer's code (0 = precision and recall 1.000).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = process.env.PARLEY_EXAMPLES ?? join(root, '..', 'shared', 'examples');
if (!existsSync(examples)) {
  console.error(`examples not found at ${examples} (set PARLEY_EXAMPLES)`);
  process.exit(2);
}
const cli = join(root, 'dist', 'cli.js');
spawnSync(process.execPath, [cli, 'lint', examples], { stdio: 'inherit' });
const scorer = join(examples, '..', 'tools', 'score-cases.py');
const r = spawnSync('python3', [scorer, '--cmd', `${process.execPath} ${cli} lint --format json`, examples, '--min-precision', '1', '--min-recall', '1', '-v'], { stdio: 'inherit' });
process.exit(r.status ?? 2);
