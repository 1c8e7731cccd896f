/**
 * Issue 9 item 5: third-party-disclosure and third-party-collection never quote the same request
 * phrase on one line. The request (帮他把钱先还上) is third-party-collection's evidence; what it names
 * of the debt (钱, 这个月的钱, 這期, an amount) is third-party-disclosure's, and a request that
 * names nothing of the debt (帮他还了吧) is third-party-collection's alone.
 */
import { describe, expect, it } from 'vitest';
import { lintText, type Finding } from '../../server/src/core';
import { loadTable } from '../helpers/cases';

const script = (audience: string, text: string) => `title: 试\nstage: M3\naudience: ${audience}\nchannel: call\n---\n坐席：${text}\n===\n`;
const AGENT = '坐席：'.length;

function quotes(audience: string, text: string): { collection: Finding[]; disclosure: Finding[]; q: (f: Finding) => string } {
  const fs = lintText(script(audience, text), 'x.parley').filter((f) => f.range.start.line === 5);
  const q = (f: Finding) => text.slice(f.range.start.character - AGENT, f.range.end.character - AGENT);
  return { collection: fs.filter((f) => f.ruleId === 'third-party-collection'), disclosure: fs.filter((f) => f.ruleId === 'third-party-disclosure'), q };
}
const contains = (a: Finding, b: Finding) => a.range.start.character <= b.range.start.character && a.range.end.character >= b.range.end.character;

describe('third-party-disclosure quotes what a request names of the debt, never the request phrase', () => {
  const table: [string, string, string[], string[]][] = [
    ['contact', '你是他朋友，就帮他把钱先还上吧。', ['帮他把钱先还上'], ['钱']],
    ['family', '阿姨，您帮他把这个月的钱先垫上吧。', ['您帮他把这个月的钱先垫上'], ['这个月的钱']],
    ['family', '您转告他一声，顺手帮他把这期交了。', ['帮他把这期交'], ['这期']],
    ['family', '妳跟他說一聲，然後順手幫他把這期繳一繳。', ['幫他把這期繳'], ['這期']],
    ['family', '您是他妈妈，帮他还了吧。', ['帮他还了'], []],
    ['family', '你先幫佢俾咗先啦，你哋係一家人嚟㗎。', ['幫佢俾咗'], []],
    ['family', '妳提醒他一下，順便幫他還一下啦。', ['順便幫他還'], []],
  ];
  it.each(table)('%s: %s', (audience, text, coll, disc) => {
    const r = quotes(audience, text);
    expect(r.collection.map(r.q)).toEqual(coll);
    expect(r.disclosure.map(r.q)).toEqual(disc);
  });

  it('over every line case of both tables: a disclosure never quotes a whole request, nor the same words', () => {
    let both = 0;
    for (const id of ['third-party-collection', 'third-party-disclosure']) {
      for (const c of [...loadTable(id)!.valid, ...loadTable(id)!.invalid]) {
        if (!('text' in c)) continue;
        const r = quotes(c.audience ?? 'contact', c.text);
        for (const d of r.disclosure) {
          for (const k of r.collection) {
            both++;
            expect([c.text, r.q(d), r.q(k), contains(d, k)]).toEqual([c.text, r.q(d), r.q(k), false]);
            expect(r.q(d)).not.toBe(r.q(k));
          }
        }
      }
    }
    expect(both).toBeGreaterThan(5);
  });
});
