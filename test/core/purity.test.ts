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

const LSP = path.join(__dirname, '..', '..', 'server', 'src', 'lsp');
const SRC = path.join(__dirname, '..', '..', 'server', 'src');

/** Every module `file` reaches through relative imports, itself included. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = fs.readFileSync(file, 'utf8');
  for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const next = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
    if (next) reach(next, seen);
  }
  return seen;
}

/** The stdio/IPC transport: Node's streams and Buffer, by design (the browser has browser-main.ts). */
const NODE_TRANSPORT = new Set(['main.ts', 'reader.ts', 'writer.ts']);

it('the language server (every lsp/ module but the Node transport) reaches no Node module, so it also runs in a browser worker', () => {
  const bad: string[] = [];
  for (const entry of fs.readdirSync(LSP).filter((f) => f.endsWith('.ts') && !NODE_TRANSPORT.has(f))) {
    for (const f of reach(path.join(LSP, entry))) {
      if (f.startsWith(path.join(SRC, 'node') + path.sep)) bad.push(`${entry} → ${path.relative(SRC, f)}`);
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'".][^'"]*)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (NODE.has(spec) || spec === 'vscode-languageserver/node') bad.push(`${path.relative(SRC, f)} → ${spec}`);
      }
    }
  }
  expect(bad).toEqual([]);
});
