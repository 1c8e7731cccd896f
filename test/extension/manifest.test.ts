/**
 * The VS Code extension's contributions (package.json, language-configuration.json, snippets),
 * checked against the files they point to, the rule catalogue and the CLI output they parse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core';
import { docsUrl } from '../../server/src/core/rule';
import { cli, EXAMPLES } from '../helpers/cli';

const ROOT = path.join(__dirname, '..', '..');
/* eslint-disable @typescript-eslint/no-explicit-any */
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as any;
const contributes = pkg.contributes;
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

function readJson(rel: string): any {
  return JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
}

describe('package.json: activation and entry point', () => {
  it('activates on the language and on workspaces holding .parley files', () => {
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:parley', 'workspaceContains:**/*.parley']));
  });
  it('main is the bundled client; the client starts the bundled server over IPC', () => {
    expect(pkg.main).toBe('./dist/extension.js');
    const src = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    expect(src).toContain("asAbsolutePath('dist/server.js')");
    expect(src).toContain('TransportKind.ipc');
    expect(src).toMatch(/createFileSystemWatcher\('\*\*\/parley\.config\.json'\)/);
    expect(src).toMatch(/createFileSystemWatcher\('\*\*\/\*\.parley'\)/);
    expect(src).toContain("configurationSection: 'parley'");
  });
  it('declares untrusted-workspace support and limited virtual-workspace support, with reasons', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    expect(pkg.capabilities.virtualWorkspaces.supported).toBe('limited');
    const caps = localised('en').capabilities;
    expect(caps.untrustedWorkspaces.description).toMatch(/executes nothing/);
    expect(caps.virtualWorkspaces.description).toMatch(/only the open/i);
  });
  it('every file the manifest points to exists and parses', () => {
    const lang = localised('en').contributes.languages.find((l: any) => l.id === 'parley');
    expect(lang).toMatchObject({ extensions: ['.parley'], aliases: expect.arrayContaining(['Parley', '话术']) });
    const schemas = (['zh', 'en'] as const).map((l) => localised(l).contributes.jsonValidation[0].url);
    const files = [lang.configuration, ...contributes.grammars.map((g: any) => g.path), ...contributes.snippets.map((s: any) => s.path), ...schemas];
    expect(files).toHaveLength(5);
    for (const f of files) expect(() => readJson(f), f).not.toThrow();
    expect(contributes.grammars[0]).toMatchObject({ language: 'parley', scopeName: 'source.parley' });
    expect(readJson(contributes.grammars[0].path).scopeName).toBe('source.parley');
    // One jsonValidation entry whose url package.nls resolves to the schema of the display language.
    expect(contributes.jsonValidation).toEqual([{ fileMatch: 'parley.config.json', url: '%jsonValidation.config.url%' }]);
    expect(schemas).toEqual(['./schemas/parley.config.schema.json', './schemas/parley.config.schema.en.json']);
    expect(readJson(schemas[0]).title).toMatch(HAN);
    expect(readJson(schemas[1]).title).not.toMatch(HAN);
  });
});

/** The `parley.rules` entry of one rule, as package.json holds it: texts are package.nls keys. */
function ruleSetting(r: (typeof RULES)[number]): object {
  const { id } = r.meta;
  return {
    type: 'string',
    enum: SEVERITIES,
    enumDescriptions: SEVERITIES.map((s) => `%config.severity.${s}%`),
    description: `%config.rules.${id}.description%`,
    markdownDescription: `%config.rules.${id}.markdownDescription%`,
  };
}

/** The texts of one rule's setting in each display language (package.nls.json, package.nls.zh-cn.json). */
function ruleNls(r: (typeof RULES)[number]): { en: Record<string, string>; zh: Record<string, string> } {
  const { id, description, defaultSeverity } = r.meta;
  const k = `config.rules.${id}`;
  return {
    en: {
      [`${k}.description`]: `${description.en} (default: ${defaultSeverity})`,
      [`${k}.markdownDescription`]: `${description.en}. Default: \`${defaultSeverity}\`. [Documentation](${docsUrl(id, 'en')})`,
    },
    zh: {
      [`${k}.description`]: `${description.zh}（默认：${defaultSeverity}）`,
      [`${k}.markdownDescription`]: `${description.zh}。默认：\`${defaultSeverity}\`。[文档](${docsUrl(id, 'zh')})`,
    },
  };
}

const NLS_FILES = { en: 'package.nls.json', zh: 'package.nls.zh-cn.json' } as const;
const RULE_KEY = /^config\.rules\.[a-z0-9-]+\.(description|markdownDescription)$/;

// PARLEY_UPDATE_MANIFEST=1 npx vitest run test/extension/manifest.test.ts rewrites the per-rule
// entries of parley.rules and their texts in package.nls*.json from the catalogue (re-reading the
// files first, touching nothing else).
if (process.env.PARLEY_UPDATE_MANIFEST === '1') {
  const file = path.join(ROOT, 'package.json');
  const fresh = JSON.parse(fs.readFileSync(file, 'utf8'));
  fresh.contributes.configuration.properties['parley.rules'].properties = Object.fromEntries(RULES.map((r) => [r.meta.id, ruleSetting(r)]));
  fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n');
  contributes.configuration.properties['parley.rules'].properties = fresh.contributes.configuration.properties['parley.rules'].properties;
  for (const locale of ['en', 'zh'] as const) {
    const nlsFile = path.join(ROOT, NLS_FILES[locale]);
    const kept = Object.entries<string>(JSON.parse(fs.readFileSync(nlsFile, 'utf8'))).filter(([k]) => !RULE_KEY.test(k));
    const rules = RULES.flatMap((r) => Object.entries(ruleNls(r)[locale]));
    fs.writeFileSync(nlsFile, JSON.stringify(Object.fromEntries([...kept, ...rules]), null, 2) + '\n');
  }
}

const NLS = { en: readJson(NLS_FILES.en) as Record<string, string>, zh: readJson(NLS_FILES.zh) as Record<string, string> };

/** package.json as VS Code shows it in a display language: every `%key%` string replaced. */
function localised(locale: 'en' | 'zh'): any {
  const walk = (v: any): any => {
    if (typeof v === 'string') {
      const m = /^%([\w.-]+)%$/.exec(v);
      return m ? (NLS[locale][m[1]] ?? NLS.en[m[1]] ?? v) : v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(pkg);
}

/** Every `%key%` string of package.json. */
function nlsRefs(v: any, out: string[] = []): string[] {
  if (typeof v === 'string') {
    const m = /^%([\w.-]+)%$/.exec(v);
    if (m) out.push(m[1]);
  } else if (v && typeof v === 'object') for (const x of Object.values(v)) nlsRefs(x, out);
  return out;
}

const HAN = /\p{Script=Han}/u;
/** Keys whose value is a path per display language (the config schema), not a text. */
const URL_KEY = /\.url$/;
/** Text without Markdown code spans and link targets (identifiers and URLs are neither language). */
const prose = (s: string) => s.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']');

describe('package.nls: the UI in Chinese and English', () => {
  it('every user-visible text of package.json is a %key% with an English and a Chinese text, and no key is unused', () => {
    const refs = [...new Set(nlsRefs(pkg))].sort();
    expect(Object.keys(NLS.en).sort()).toEqual(refs);
    expect(Object.keys(NLS.zh).sort()).toEqual(refs);
    const props = contributes.configuration.properties;
    const texts = [pkg.description, contributes.configuration.title, ...contributes.commands.flatMap((c: any) => [c.title, c.category]), contributes.languages[0].aliases[0], pkg.capabilities.untrustedWorkspaces.description, pkg.capabilities.virtualWorkspaces.description, ...contributes.problemMatchers.map((m: any) => m.label)];
    for (const v of Object.values<any>(props)) texts.push(v.description, v.markdownDescription, ...(v.enumDescriptions ?? []));
    for (const v of Object.values<any>(props['parley.rules'].properties)) texts.push(v.description, v.markdownDescription, ...v.enumDescriptions);
    for (const t of texts.filter((x) => x !== undefined)) expect(t, 'a literal text in package.json; make it a %key% of package.nls*.json').toMatch(/^%[\w.-]+%$/);
  });

  it('each Chinese text is Chinese with Chinese punctuation, each English text is English', () => {
    for (const [k, zh] of Object.entries(NLS.zh)) {
      if (URL_KEY.test(k)) continue;
      const p = prose(zh);
      expect(p, k).toMatch(HAN);
      // ASCII , ; : ( ) ! ? next to a Chinese character: should be ，；：（）！？
      expect(p, k).not.toMatch(/\p{Script=Han}[,;:()!?]|[,;:()!?]\s*\p{Script=Han}/u);
      expect(p, k).not.toMatch(/[“”]/);
      expect(zh, k).not.toBe(NLS.en[k]);
    }
    for (const [k, en] of Object.entries(NLS.en)) {
      if (URL_KEY.test(k)) continue;
      const p = prose(en);
      // Chinese words may be quoted (e.g. “Address the listener as 您”), never a Chinese sentence.
      expect(p.replace(/\p{Script=Han}+/gu, '').match(/[A-Za-z]{2,}/g)?.length ?? 0, k).toBeGreaterThan(0);
      expect(p, k).not.toMatch(/\p{Script=Han}{6,}/u);
      expect(p, k).not.toMatch(/[，。；：（）]/);
    }
  });

  it('commands are found by their Chinese names (话术, 重启, 规则) when the display language is Chinese', () => {
    const zh = localised('zh').contributes.commands.map((c: any) => `${c.category}: ${c.title}`);
    expect(zh.every((t: string) => t.includes('话术'))).toBe(true);
    expect(zh.find((t: string) => t.includes('重启'))).toBeDefined();
    expect(zh.find((t: string) => t.includes('规则'))).toBeDefined();
    expect(localised('zh').contributes.languages[0].aliases).toEqual(expect.arrayContaining(['话术']));
  });

  it('package.json names its l10n bundles and they translate every runtime string of the client', () => {
    expect(pkg.l10n).toBe('./l10n');
    const en = readJson('l10n/bundle.l10n.json') as Record<string, string>;
    const zh = readJson('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    const src = fs.readdirSync(path.join(ROOT, 'client', 'src')).map((f) => fs.readFileSync(path.join(ROOT, 'client', 'src', f), 'utf8')).join('\n');
    const used = [...src.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
    expect(used.length).toBeGreaterThan(0);
    expect(Object.keys(en).sort()).toEqual([...new Set(used)].sort());
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zh)) {
      expect(v, k).toMatch(HAN);
      expect((v.match(/\{\d+\}/g) ?? []).sort(), `${k}: same {n} arguments`).toEqual((k.match(/\{\d+\}/g) ?? []).sort());
      expect(prose(v), k).not.toMatch(/\p{Script=Han}[,;:()!?]|[,;:()!?]\s*\p{Script=Han}/u);
    }
  });
});

describe('package.json: settings', () => {
  const props = contributes.configuration.properties;
  it('offers exactly the settings the server reads, each described, with defaults', () => {
    expect(Object.keys(props).sort()).toEqual(['parley.codeLens.enable', 'parley.enable', 'parley.inlayHints.enable', 'parley.maxFileSize', 'parley.rules', 'parley.run', 'parley.scope', 'parley.suppressedFindings', 'parley.trace.server']);
    for (const [k, v] of Object.entries<any>(props)) {
      expect(v.description ?? v.markdownDescription, k).toBeTruthy();
      expect(v, k).toHaveProperty('default');
    }
    expect(props['parley.enable']).toMatchObject({ type: 'boolean', default: true });
    expect(props['parley.run']).toMatchObject({ enum: ['onType', 'onSave'], default: 'onType' });
    expect(props['parley.trace.server']).toMatchObject({ enum: ['off', 'messages', 'verbose'], default: 'off' });
    expect(props['parley.maxFileSize']).toMatchObject({ type: ['integer', 'null'], default: null, minimum: 1 });
    expect(props['parley.suppressedFindings']).toMatchObject({ enum: ['hint', 'hide'], default: 'hint' });
    expect(props['parley.scope']).toMatchObject({ enum: ['workspace', 'openFiles'], default: 'workspace' });
    expect(props['parley.codeLens.enable']).toMatchObject({ type: 'boolean', default: true });
    expect(props['parley.inlayHints.enable']).toMatchObject({ type: 'boolean', default: true });
  });
  it('parley.rules knows every rule of the catalogue (no more, no fewer) and the five severities', () => {
    const rules = props['parley.rules'];
    const hint = 'out of date: run PARLEY_UPDATE_MANIFEST=1 npx vitest run test/extension/manifest.test.ts';
    expect(Object.keys(rules.properties).sort(), hint).toEqual(RULES.map((r) => r.meta.id).sort());
    for (const r of RULES) {
      expect(rules.properties[r.meta.id], `${r.meta.id}: ${hint}`).toEqual(ruleSetting(r));
      for (const locale of ['en', 'zh'] as const) for (const [k, v] of Object.entries(ruleNls(r)[locale])) expect(NLS[locale][k], `${NLS_FILES[locale]} ${k}: ${hint}`).toBe(v);
    }
    expect(rules.additionalProperties.enum).toEqual(SEVERITIES);
  });
});

describe('package.json: commands', () => {
  it('contributes lint-workspace, restart, output, documentation, graph and play-through commands; documentation is hidden from the palette', () => {
    expect(contributes.commands.map((c: any) => c.command).sort()).toEqual(['parley.lintWorkspace', 'parley.playThrough', 'parley.restartServer', 'parley.showDocumentation', 'parley.showGraph', 'parley.showOutput']);
    expect(contributes.menus.commandPalette).toContainEqual({ command: 'parley.showDocumentation', when: 'false' });
    expect(localised('zh').contributes.commands.find((c: any) => c.command === 'parley.lintWorkspace').title).toBe('检查整个工作区');
    // (the conversation panel's commands live with the panel, which commands.ts registers; the
    // workspace's command and status bar item with workspace-ui.ts, which both entries call)
    const src = ['commands.ts', 'conversation.ts', 'workspace-ui.ts'].map((f) => fs.readFileSync(path.join(ROOT, 'client', 'src', f), 'utf8')).join('\n');
    expect(src).toContain('registerConversationView(context');
    for (const c of contributes.commands) expect(src).toContain(`registerCommand('${c.command}'`);
    // Both entries (desktop and browser) register them through the one module.
    for (const entry of ['extension.ts', 'browser.ts']) expect(fs.readFileSync(path.join(ROOT, 'client', 'src', entry), 'utf8')).toContain('registerCommands(');
  });
});

describe('package.json: the $parley problem matcher reads `parley lint --format stylish`', () => {
  const matcher = contributes.problemMatchers.find((m: any) => m.name === 'parley');
  /** What VS Code's matcher does with a multi-line pattern whose last part loops. */
  function match(output: string): { file: string; line: number; column: number; severity: string; message: string; code: string }[] {
    const [filePat, loopPat] = matcher.pattern.map((p: any) => ({ ...p, re: new RegExp(p.regexp) }));
    const found = [];
    let file: string | undefined;
    for (const raw of output.split(/\r?\n/)) {
      // eslint-disable-next-line no-control-regex
      const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
      const m = loopPat.re.exec(line);
      if (file && m) {
        found.push({ file, line: Number(m[loopPat.line]), column: Number(m[loopPat.column]), severity: m[loopPat.severity], message: m[loopPat.message], code: m[loopPat.code] });
        continue;
      }
      const f = filePat.re.exec(line);
      file = f ? f[filePat.file] : undefined;
    }
    return found;
  }

  it('is named parley, owned by parley, and loops over the finding lines', () => {
    expect(matcher).toMatchObject({ name: 'parley', owner: 'parley' });
    expect(matcher.pattern).toHaveLength(2);
    expect(matcher.pattern[1].loop).toBe(true);
  });

  it('extracts every finding of the examples with file, position, severity, message and rule id', () => {
    const stylish = cli(['lint', EXAMPLES, '--format', 'stylish']);
    const json = cli(['lint', EXAMPLES, '--format', 'json']);
    expect(stylish.stderr).toBe('');
    const results = JSON.parse(json.stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string; severity: string }[] }[];
    const want = results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column}:${m.ruleId}:${m.severity}`));
    const got = match(stylish.stdout).map((f) => `${path.basename(f.file)}:${f.line}:${f.column}:${f.code}:${f.severity}`);
    expect(want.length).toBeGreaterThan(30);
    expect(got.sort()).toEqual(want.sort());
    for (const f of match(stylish.stdout)) {
      expect(f.message.length).toBeGreaterThan(3);
      expect(f.message).not.toMatch(/\s{2,}$/);
    }
  });
});

describe('language-configuration.json', () => {
  const conf = readJson('language-configuration.json');
  it('comments with //, brackets {} and <<>>, closes 「」 “” {}', () => {
    expect(conf.comments.lineComment).toBe('//');
    expect(conf.brackets).toEqual(expect.arrayContaining([['{', '}'], ['<<', '>>']]));
    const pairs = conf.autoClosingPairs.map((p: any) => p.open + p.close);
    expect(pairs).toEqual(expect.arrayContaining(['「」', '“”', '{}', '<<>>']));
  });
  it('indents after an option line (->), not after other lines', () => {
    const enter = conf.onEnterRules.map((r: any) => ({ re: new RegExp(r.beforeText), action: r.action.indent }));
    const indentsAfter = (line: string) => enter.some((r: any) => r.action === 'indent' && r.re.test(line)) && new RegExp(conf.indentationRules.increaseIndentPattern).test(line);
    expect(indentsAfter('-> 客户: 是我。')).toBe(true);
    expect(indentsAfter('    -> 客户: 他不在,我是他同事。')).toBe(true);
    expect(indentsAfter('坐席: 您好,请问是{debtor_name}先生吗?')).toBe(false);
    expect(indentsAfter('    <<jump 本人-首次>>')).toBe(false);
    // As a Chinese input method types the arrow (FORMAT v1.1).
    expect(indentsAfter('－＞ 客户：是我。')).toBe(true);
    expect(indentsAfter('-》 客户：是我。')).toBe(true);
    expect(indentsAfter('    《《jump 本人-首次》》')).toBe(false);
  });
  it('closes ｛｝, folds from title/标题/標題 to ===/＝＝＝, and a placeholder name is a word', () => {
    expect(conf.autoClosingPairs.map((p: any) => p.open + p.close)).toContain('｛｝');
    const start = new RegExp(conf.folding.markers.start);
    const end = new RegExp(conf.folding.markers.end);
    expect(['title: 甲', '标题：甲', '標題：甲'].every((l) => start.test(l))).toBe(true);
    expect(['===', '＝＝＝', '  ===  '].every((l) => end.test(l))).toBe(true);
    expect(end.test('====')).toBe(false);
    expect('您的｛金額｝元'.match(new RegExp(conf.wordPattern, 'g'))).toEqual(['您的', '金額', '元']);
  });
});

describe('snippets', () => {
  const snippets = readJson(contributes.snippets[0].path);
  it('offer a new node, an option branch and a jump', () => {
    const prefixes = Object.values<any>(snippets).flatMap((s) => [s.prefix].flat());
    expect(prefixes).toEqual(expect.arrayContaining(['title', '->', 'jump']));
    const node = Object.values<any>(snippets).find((s) => [s.prefix].flat().includes('title'));
    const body = node.body.join('\n');
    expect(body).toMatch(/^title: /);
    expect(body).toContain('\n---\n');
    expect(body).toMatch(/\n===$/);
  });
  it('have balanced ${…} placeholders (a stray } would end a placeholder early)', () => {
    for (const [name, s] of Object.entries<any>(snippets)) {
      const body = [s.body].flat().join('\n');
      for (const m of body.matchAll(/\$\{\d+:([^}]*)\}/g)) expect(m[1], name).not.toMatch(/[{]/);
    }
  });
});
