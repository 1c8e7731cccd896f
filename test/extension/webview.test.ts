/**
 * The conversation panel's page is self-contained: the built script and style sheet load nothing
 * from the network and run no generated code, and the page the extension writes allows only its
 * own files (Content Security Policy). Both texts come in Chinese and English.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('conversation panel page', () => {
  const js = read('dist/webview/conversation.js');
  const css = read('dist/webview/conversation.css');
  const panel = read('client/src/conversation.ts');

  it('refers to no URL but the SVG namespace, and evaluates no strings', () => {
    const urls = [...js.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s'"`)]*/gi)].map((m) => m[0]).filter((u) => !u.startsWith('//'));
    expect([...new Set(urls)]).toEqual(['http://www.w3.org/2000/svg']);
    expect(js).not.toMatch(/\beval\(|new Function\(|innerHTML\s*=/);
    expect(css).not.toMatch(/url\(|@import/);
  });

  it('is written with a strict Content Security Policy: nothing by default, its own files, its script by nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(panel)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-\$\{n\}'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(panel).toContain("localResourceRoots: [root]");
  });

  it('has every page text in Chinese and in English', () => {
    const src = read('client/webview/conversation.ts');
    const block = (lang: string) => {
      const m = new RegExp(`\\n  ${lang}: \\{([\\s\\S]*?)\\n  \\},`).exec(src);
      return m ? [...m[1].matchAll(/^\s+'?([\w-]+)'?:/gm)].map((k) => k[1]) : [];
    };
    const zh = block('zh');
    expect(zh.length).toBeGreaterThan(20);
    expect(block('en')).toEqual(zh);
  });
});
