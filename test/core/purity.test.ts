/** Invariant: the core imports neither vscode, nor the language-server library, nor Node modules. */
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { expect, it } from 'vitest';

const CORE = path.join(__dirname, '..', '..', 'server', 'src', 'core');
const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

it('server/src/core imports no vscode, language-server or Node module', () => {
  const bad: string[] = [];
  for (const f of files(CORE)) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(f), spec);
        if (!target.startsWith(CORE) && !target.includes(`${path.sep}schemas${path.sep}`)) bad.push(`${path.relative(CORE, f)} → ${spec}`);
        continue;
      }
      if (NODE.has(spec) || spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-jsonrpc')) bad.push(`${path.relative(CORE, f)} → ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
