/**
 * Tokenizes text with the real TextMate engine VS Code uses (vscode-textmate + vscode-oniguruma),
 * loaded from the project's node_modules when present, otherwise from the code-server install that
 * scripts/install-code-server.sh puts in .e2e/ (VS Code ships both modules).
 */
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
export const GRAMMAR = path.join(ROOT, 'syntaxes', 'parley.tmLanguage.json');

export interface Token {
  text: string;
  scopes: string[];
}

function candidates(): string[] {
  const cache = process.env.PARLEY_E2E_CACHE ?? path.join(ROOT, '.e2e');
  return [ROOT, path.join(cache, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode')];
}

/** Where vscode-textmate and vscode-oniguruma can be required from, or undefined. */
export function findTextMate(): string | undefined {
  for (const dir of candidates()) {
    if (fs.existsSync(path.join(dir, 'node_modules', 'vscode-textmate', 'package.json')) && fs.existsSync(path.join(dir, 'node_modules', 'vscode-oniguruma', 'package.json'))) return dir;
  }
  return undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function loadTokenizer(dir: string): Promise<(text: string) => Token[][]> {
  const req = createRequire(path.join(dir, 'package.json'));
  const tm = req('vscode-textmate') as any;
  const onig = req('vscode-oniguruma') as any;
  const wasm = fs.readFileSync(path.join(path.dirname(req.resolve('vscode-oniguruma')), 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === 'source.parley' ? tm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  const grammar = await registry.loadGrammar('source.parley');
  return (text: string) => {
    let state = tm.INITIAL;
    return text.split(/\r?\n/).map((line) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((t: any) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes as string[] }));
    });
  };
}

/** The innermost scopes of the first token whose text equals (or, failing that, contains) `needle` on the line. */
export function scopesOf(line: Token[], needle: string): string[] | undefined {
  const t = line.find((x) => x.text.trim() === needle) ?? line.find((x) => x.text.includes(needle));
  return t?.scopes;
}
