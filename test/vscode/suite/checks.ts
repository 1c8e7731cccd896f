/**
 * The Parley extension checked from inside a real VS Code extension host, through the public
 * `vscode` API only: the same suite runs under @vscode/test-electron (desktop VS Code, see
 * scripts/test-vscode.mjs) and inside code-server (test/e2e/vscode.e2e.test.ts).
 *
 * Expects the first workspace folder to hold copies of ../shared/examples (with expected.json) and
 * leaves them unchanged on disk: edits go to untitled documents; settings changes are undone.
 */
import * as vscode from 'vscode';
import { assert, assertEqual, Suite, waitFor } from './harness';

const EXTENSION_ID = 'parley.parley';

interface Expected {
  line: number;
  rule: string;
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : c);
}

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert(f, 'no workspace folder is open');
  return f.uri;
}

function file(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(), name);
}

async function expected(name: string): Promise<Expected[]> {
  const raw = await vscode.workspace.fs.readFile(file('expected.json'));
  const all = JSON.parse(new TextDecoder().decode(raw)) as Record<string, Expected[]>;
  return all[name] ?? [];
}

function parleyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === undefined || /parley/i.test(d.source));
}

/** Waits until the document's Parley diagnostics satisfy `ok` (they arrive asynchronously). */
function diagnosticsWhere(uri: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 15_000): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const ds = parleyDiagnostics(uri);
    return ok(ds) ? ds : undefined;
  }, what, ms);
}

function lineKeys(ds: vscode.Diagnostic[]): Set<string> {
  return new Set(ds.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`));
}

function isCommand(a: vscode.CodeAction | vscode.Command): a is vscode.Command {
  return typeof (a as vscode.Command).command === 'string';
}

/** Code actions as the editor gets them; bare commands are wrapped so every item has `command`. */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const r = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
  return (r ?? []).map((a) => (isCommand(a) ? Object.assign(new vscode.CodeAction(a.title), { command: a }) : a));
}

function commandOf(a: vscode.CodeAction): vscode.Command | undefined {
  return a.command;
}

async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  const cmd = commandOf(action);
  if (cmd) await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
}

const scratch: vscode.TextDocument[] = [];

/** An untitled Parley buffer (edits never touch the workspace's files); closed by the last check. */
async function untitled(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'parley', content });
  scratch.push(doc);
  return doc;
}

export function parleySuite(): Suite {
  const suite = new Suite();
  let redLines: vscode.Uri;
  let m1: vscode.Uri;

  suite.test('the extension is installed and activates; its server starts', async () => {
    const ext = vscode.extensions.getExtension<{ ready(): Promise<void> }>(EXTENSION_ID);
    assert(ext, `extension ${EXTENSION_ID} is not installed`);
    const api = await ext.activate();
    await api.ready();
    assert(ext.isActive, 'extension did not activate');
  }, 30_000);

  suite.test('language "parley" is registered for .parley files', async () => {
    assert((await vscode.languages.getLanguages()).includes('parley'), 'language parley unknown');
    redLines = file('red-lines.parley');
    m1 = file('m1-first-call.parley');
    const doc = await vscode.workspace.openTextDocument(redLines);
    assertEqual(doc.languageId, 'parley', 'languageId of red-lines.parley');
  });

  suite.test('commands are contributed and registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['parley.lintWorkspace', 'parley.restartServer', 'parley.showOutput', 'parley.showDocumentation']) assert(all.has(c), `command ${c} not registered`);
  });

  suite.test('diagnostics: every expected finding of red-lines.parley, with rule id and docs link', async () => {
    const want = await expected('red-lines.parley');
    assert(want.length > 0, 'expected.json has no entries for red-lines.parley');
    const ds = await diagnosticsWhere(redLines, (d) => want.every((w) => lineKeys(d).has(`${w.line}:${w.rule}`)), 'the expected red-lines diagnostics', 20_000);
    for (const d of ds) {
      assert(/^[a-z][a-z0-9-]*$/.test(codeOf(d)), `diagnostic code "${codeOf(d)}" is not a rule id`);
      const target = typeof d.code === 'object' && d.code !== null ? d.code.target : undefined;
      // A parley-doc: link (VS Code's squiggle hover opens it too; a command link it refuses): the
      // extension turns it into the preview of the page shipped in the extension.
      assert(target && target.scheme === 'parley-doc' && /^\/(en\/)?rules\/[a-z0-9-]+\.md$/.test(target.path), `diagnostic ${codeOf(d)} has no docs link (${String(target)})`);
    }
    const got = lineKeys(ds);
    const missing = want.filter((w) => !got.has(`${w.line}:${w.rule}`));
    assertEqual(missing, [], 'missing findings');
  }, 30_000);

  suite.test('diagnostics: a clean script (m1-first-call.parley) has none', async () => {
    await vscode.workspace.openTextDocument(m1);
    // Give the server time to publish, then require that nothing was published.
    await new Promise((r) => setTimeout(r, 1500));
    assertEqual(parleyDiagnostics(m1).map((d) => `${d.range.start.line + 1}:${codeOf(d)}`), [], 'diagnostics on m1-first-call.parley');
  });

  suite.test('code actions on a prefer-honorific finding: the fix, disable-for-line, show documentation', async () => {
    const ds = await diagnosticsWhere(redLines, (d) => d.some((x) => codeOf(x) === 'prefer-honorific'), 'prefer-honorific on red-lines');
    const diag = ds.find((x) => codeOf(x) === 'prefer-honorific')!;
    const actions = await codeActions(redLines, diag.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit && a.title.includes('您'));
    assert(fix, `no quick fix offering 您 among ${JSON.stringify(titles)}`);
    assert(actions.some((a) => /disable/i.test(a.title) && a.title.includes('prefer-honorific')), `no "Disable prefer-honorific…" action among ${JSON.stringify(titles)}`);
    const doc = actions.find((a) => commandOf(a)?.command === 'parley.showDocumentation');
    assert(doc, `no action running parley.showDocumentation among ${JSON.stringify(titles)}`);
    assert(/prefer-honorific\.md/.test(String(commandOf(doc)?.arguments?.[0])), 'show-documentation argument is not the rule page');
  });

  suite.test('Show documentation opens the rule page shipped in the extension (docs/rules) in the Markdown preview', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const page = vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'prefer-honorific.md');
    await vscode.workspace.fs.stat(page); // throws when the page is not in the extension
    if (!(await vscode.commands.getCommands(true)).includes('markdown.showPreview')) return; // built-in Markdown disabled
    await vscode.commands.executeCommand('parley.showDocumentation', 'https://github.com/parley-lint/parley/blob/main/docs/rules/prefer-honorific.md');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitFor(() => tabs().find((t) => t.label.includes('prefer-honorific')), 'a preview tab for prefer-honorific.md', 10_000);
    await vscode.window.tabGroups.close(tab);
  });

  suite.test('quick fix applied: 你 becomes 您 and the finding goes away (untitled buffer)', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(redLines)).replace(/^title:.*$/m, 'title: 强硬话术-副本');
    const doc = await untitled(text);
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'prefer-honorific'), 'prefer-honorific on the untitled copy');
    const diag = ds.find((x) => codeOf(x) === 'prefer-honorific')!;
    const line = diag.range.start.line;
    const before = doc.lineAt(line).text;
    const fix = (await codeActions(doc.uri, diag.range)).find((a) => a.kind?.value === 'quickfix' && a.edit && a.title.includes('您'));
    assert(fix, 'no quick fix on the untitled copy');
    await applyAction(fix);
    const after = doc.lineAt(line).text;
    assert(after !== before && after.includes('您这个老赖') && !after.includes('你这个'), `line ${line + 1} after the fix: ${after}`);
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'prefer-honorific' && x.range.start.line === line), 'prefer-honorific to disappear after the fix');
  });

  suite.test('disable-for-this-line action inserts a suppression comment that silences the rule', async () => {
    const doc = await untitled('title: 禁用测试\nstage: M1\naudience: debtor\n---\n坐席: 您好,我是{company}的{agent_name}。\n坐席: 对不起,请问您今天下午三点前能还款吗?\n===\n');
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'apology-wording'), 'apology-wording on the untitled buffer');
    const diag = ds.find((x) => codeOf(x) === 'apology-wording')!;
    const disable = (await codeActions(doc.uri, diag.range)).find((a) => /disable/i.test(a.title) && a.title.includes('apology-wording') && a.edit);
    assert(disable, 'no disable action with an edit');
    await applyAction(disable);
    assert(/parley-disable(-next)?-line\s+apology-wording/.test(doc.getText()), `no suppression comment inserted:\n${doc.getText()}`);
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'apology-wording'), 'apology-wording to be suppressed');
  });

  suite.test('source.fixAll.parley fixes every fixable finding at once', async () => {
    const doc = await untitled('title: 全部修复\nstage: M1\naudience: debtor\n---\n坐席: 您好,我是{company}的{agent_name}。\n坐席: 对不起,你今天下午三点前能还款吗?\n===\n');
    await diagnosticsWhere(doc.uri, (d) => ['apology-wording', 'prefer-honorific'].every((id) => d.some((x) => codeOf(x) === id)), 'both fixable findings');
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, all, 'source.fixAll.parley');
    const fixAll = actions.find((a) => a.kind?.value.startsWith('source.fixAll') && a.edit);
    assert(fixAll, `no source.fixAll action: ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(fixAll);
    const line = doc.lineAt(5).text;
    assert(!line.includes('你') && !line.includes('对不起'), `line 6 after fix-all: ${line}`);
  });

  suite.test('go to definition on <<jump 本人-首次>> lands on the node title line', async () => {
    const doc = await vscode.workspace.openTextDocument(m1);
    const line = doc.getText().split(/\r?\n/).findIndex((l) => l.includes('<<jump 本人-首次>>'));
    assert(line >= 0, 'no <<jump 本人-首次>> in m1-first-call.parley');
    const col = doc.lineAt(line).text.indexOf('本人-首次') + 2;
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', m1, new vscode.Position(line, col));
    assert(defs && defs.length > 0, 'no definition');
    const d = defs[0];
    const uri = 'targetUri' in d ? d.targetUri : d.uri;
    const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
    assertEqual(uri.toString(), m1.toString(), 'definition file');
    const titleLine = doc.getText().split(/\r?\n/).findIndex((l) => /^\s*title\s*[::]\s*本人-首次\s*$/.test(l));
    assertEqual(range.start.line, titleLine, 'definition line');
  });

  suite.test('references of a node title include its <<jump>>', async () => {
    const doc = await vscode.workspace.openTextDocument(m1);
    const lines = doc.getText().split(/\r?\n/);
    const titleLine = lines.findIndex((l) => /^\s*title\s*[::]\s*本人-首次/.test(l));
    const jumpLine = lines.findIndex((l) => l.includes('<<jump 本人-首次>>'));
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', m1, new vscode.Position(titleLine, lines[titleLine].indexOf('本人') + 1));
    assert(refs?.some((r) => r.uri.toString() === m1.toString() && r.range.start.line === jumpLine), `references: ${JSON.stringify(refs?.map((r) => r.range.start.line))}`);
  });

  suite.test('document symbols list the nodes; folding ranges cover them', async () => {
    const syms = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', m1);
    const names = (syms ?? []).map((s) => s.name);
    for (const t of ['开场', '本人-首次', '同事-首次']) assert(names.some((n) => n.includes(t)), `symbol ${t} missing from ${JSON.stringify(names)}`);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', m1);
    assert((folds ?? []).length >= 3, `only ${folds?.length ?? 0} folding ranges`);
  });

  suite.test('hover on a finding shows the rule; completion after <<jump offers node titles', async () => {
    const ds = await diagnosticsWhere(redLines, (d) => d.some((x) => codeOf(x) === 'abusive-language'), 'abusive-language on red-lines');
    const diag = ds.find((x) => codeOf(x) === 'abusive-language')!;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', redLines, diag.range.start.translate(0, 1));
    assert(hovers && hovers.length > 0, 'no hover on a finding');
    const doc = await untitled('title: 补全\nstage: M1\naudience: debtor\n---\n坐席: 您好,我是{company}的{agent_name}。\n<<jump \n===\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(5, 7));
    const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert(labels.some((l) => l.includes('本人-首次')), `completion after <<jump lacks workspace titles: ${JSON.stringify(labels.slice(0, 20))}`);
  });

  suite.test('settings: parley.rules turns a rule off and back on', async () => {
    const cfg = () => vscode.workspace.getConfiguration('parley');
    await diagnosticsWhere(redLines, (d) => d.some((x) => codeOf(x) === 'begging'), 'begging on red-lines');
    await cfg().update('rules', { begging: 'off' }, vscode.ConfigurationTarget.Global);
    try {
      await diagnosticsWhere(redLines, (d) => d.length > 0 && !d.some((x) => codeOf(x) === 'begging'), 'begging to disappear with parley.rules begging=off');
    } finally {
      await cfg().update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsWhere(redLines, (d) => d.some((x) => codeOf(x) === 'begging'), 'begging to come back');
  });

  suite.test('Parley: Restart Language Server brings the server back with its diagnostics', async () => {
    await vscode.commands.executeCommand('parley.restartServer');
    const want = await expected('red-lines.parley');
    await diagnosticsWhere(redLines, (d) => want.every((w) => lineKeys(d).has(`${w.line}:${w.rule}`)), 'red-lines diagnostics after restart', 20_000);
    const defs = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', m1, new vscode.Position(10, 12));
    assert(defs && defs.length > 0, 'no definition after restart');
  }, 30_000);

  suite.test('clean-up: scratch buffers reverted and closed, no editor left open', async () => {
    for (const doc of scratch.splice(0)) {
      if (doc.isClosed) continue;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assertEqual(vscode.window.visibleTextEditors.length, 0, 'editors left open');
  });

  return suite;
}
