/**
 * Files of the installed package that the CLI and the language server both read: its version and
 * its rule pages. From a bundle __dirname is dist/, so the package is one folder up; from the
 * sources (tests) it is server/src/<folder>/, three folders up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LOCALE, type Locale } from '../core/messages';

function candidates(...sub: string[]): string[] {
  return [path.join(__dirname, '..', ...sub), path.join(__dirname, '..', '..', '..', ...sub)];
}

/** The package's version (package.json), or 0.0.0 when it cannot be read. */
export function packageVersion(): string {
  for (const p of candidates('package.json')) {
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')).version as string;
    } catch {
      /* try the next */
    }
  }
  return '0.0.0';
}

/** The folder of rule pages in a locale: docs/rules (Chinese), docs/zh-TW/rules (Traditional, else the Chinese ones) or docs/en/rules (English). */
export function docsFolder(locale: Locale = DEFAULT_LOCALE): string | undefined {
  const subs = locale === 'en' ? [['docs', 'en', 'rules']] : locale === 'zh-TW' ? [['docs', 'zh-TW', 'rules'], ['docs', 'rules']] : [['docs', 'rules']];
  for (const sub of subs) {
    for (const p of candidates(...sub)) if (fs.existsSync(p)) return p;
  }
  return undefined;
}
