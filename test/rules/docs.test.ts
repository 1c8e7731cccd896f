/**
 * Drift check (markdownlint's doc-build idea): every rule has docs/rules/<id>.md whose metadata
 * agrees with the rule module and whose triggers and near misses are cases in the rule's table.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { loadTable } from '../helpers/cases';

const DOCS = path.join(__dirname, '..', '..', 'docs', 'rules');
const CATEGORY: Record<string, string> = { disclosure: 'disclosure', procedure: 'procedure', 'red-line': 'red-line', stage: 'stage', wording: 'wording', structure: 'structure' };

function section(md: string, title: string): string {
  const m = new RegExp(`^## ${title}\\s*$([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm').exec(md);
  return m ? m[1] : '';
}
function bullets(s: string): string[] {
  return [...s.matchAll(/^- `(.+)`\s*$/gm)].map((m) => m[1]);
}

describe.each(RULES.map((r) => r.meta.id))('docs/rules/%s.md', (id) => {
  const meta = RULES.find((r) => r.meta.id === id)!.meta;
  const file = path.join(DOCS, `${meta.id}.md`);
  it('exists', () => expect(fs.existsSync(file), file).toBe(true));
  if (!fs.existsSync(file)) return;
  const md = fs.readFileSync(file, 'utf8');
  it('agrees with the rule metadata', () => {
    expect(md.startsWith(`# ${meta.id}\n`)).toBe(true);
    expect(md).toMatch(new RegExp(`^- Category: ${CATEGORY[meta.category]}\\s*$`, 'm'));
    expect(md).toMatch(new RegExp(`^- Default severity: ${meta.defaultSeverity}\\b`, 'm'));
    expect(md).toMatch(new RegExp(`^- Fixable: ${meta.fixable ? 'yes' : 'no'}\\s*$`, 'm'));
    for (const s of ['Why', 'Triggers', 'Near misses', 'How to fix']) expect(md, `section ${s}`).toMatch(new RegExp(`^## ${s}\\s*$`, 'm'));
  });
  it('lists triggers and near misses that are cases of the rule', () => {
    const table = loadTable(meta.id);
    expect(table).toBeDefined();
    const texts = (cs: NonNullable<typeof table>["valid"]) => cs.map((c) => ('script' in c ? c.script : c.text));
    const invalid = texts(table!.invalid);
    const valid = texts(table!.valid);
    const triggers = bullets(section(md, 'Triggers'));
    expect(triggers.length).toBeGreaterThan(0);
    for (const t of triggers) expect(invalid.some((c) => c === t || c.split('\n').includes(t)), `trigger not in cases: ${t}`).toBe(true);
    for (const t of bullets(section(md, 'Near misses'))) expect(valid.some((c) => c === t || c.split('\n').includes(t)), `near miss not in cases: ${t}`).toBe(true);
  });
});
