/**
 * VS Code in Traditional Chinese (display language zh-tw) shows Parley's settings, commands and
 * client strings in Traditional Chinese: package.nls.zh-tw.json and l10n/bundle.l10n.zh-tw.json are
 * generated from the zh-cn files by scripts/l10n-zh-tw.mjs and must be current.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { PAIRS, render } from '../../scripts/l10n-zh-tw.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('Traditional Chinese texts of the extension', () => {
  for (const [from, to] of PAIRS as [string, string][]) {
    it(`${to} is ${from} in Taiwan forms (run node scripts/l10n-zh-tw.mjs if not)`, () => {
      expect(read(to)).toBe(render(read(from)));
    });

    it(`${to} has every key of ${from}, with the same placeholders, in traditional characters`, () => {
      const cn = JSON.parse(read(from)) as Record<string, string>;
      const tw = JSON.parse(read(to)) as Record<string, string>;
      expect(Object.keys(tw)).toEqual(Object.keys(cn));
      for (const [k, v] of Object.entries(cn)) {
        const slots = (s: string) => (s.match(/\{\d+\}|`[^`]*`|https?:\/\/\S+/g) ?? []).filter((x) => !/[\u4e00-\u9fff]/.test(x));
        expect(slots(tw[k]), k).toEqual(slots(v));
      }
      // simplified forms that must not survive the conversion
      const text = Object.values(tw).join('\n');
      for (const simplified of ['检查', '话术', '设置', '语言', '显示']) expect(text).not.toContain(simplified);
      // Parley's own words stay themselves: a script is 腳本 (not a program, 指令碼), the audience 對象 (not an object, 物件).
      for (const misread of ['指令碼', '物件']) expect(text).not.toContain(misread);
    });
  }

  it('package.json points zh-tw at the Chinese config schema like zh-cn', () => {
    const cn = JSON.parse(read('package.nls.zh-cn.json'))['jsonValidation.config.url'];
    const tw = JSON.parse(read('package.nls.zh-tw.json'))['jsonValidation.config.url'];
    expect(cn).toBeTruthy();
    expect(tw).toBe(cn);
  });
});
