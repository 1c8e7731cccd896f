/**
 * The language features' requests: each handler finds the document's entry and hands it to the
 * pure module of its feature (actions, hover, completion, navigation, lens, inlay, graph); and what
 * they read of the workspace — title targets, the files navigation needs, the graph's source —,
 * workspace edits and commands. No Node imports.
 */
import {
  ErrorCodes, LSPErrorCodes, ResponseError,
  type Connection, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import { lintScript } from '../core/engine';
import type { ParsedScript } from '../core/parser';
import { CONFIG_NAME } from '../core/config-resolver';
import { LOG, logLine } from './log-text';
import { codeActions, configActions, PLACE_CURSOR, SHOW_DOCUMENTATION } from './actions';
import { completions } from './completion';
import { GraphCache, GRAPH_REQUEST, graphRequest, PLAYTHROUGH_REQUEST, playthroughRequest, type GraphParams, type GraphSource, type PlaythroughParams } from './graph';
import { hover, type TitleTarget } from './hover';
import { jumpSources, nodeLenses } from './lens';
import { debtPlaceholderHints } from './inlay';
import { Slicer } from './background';
import { definition, documentSymbols, flatSymbols, folding, fuzzyMatch, references, renameEdits, titleAt, workspaceSymbols, type NavInput } from './navigation';
import { LINT_WORKSPACE } from './status';
import type { ParleyServer } from './server';

export class Requests {
  /** Views and closed files' findings kept between graph requests (a panel following edits asks often). */
  readonly graphCache = new GraphCache();

  constructor(private readonly s: ParleyServer) {}

  /** Registers the handlers of the language features' requests on the connection. */
  register(c: Connection): void {
    c.onCodeAction(this.s.request('codeAction', null, (p) => {
      const doc = this.s.documents.get(p.textDocument.uri);
      // parley.config.json (the extension sends it for this): its did-you-mean swaps.
      if (doc && doc.uri.endsWith('/' + CONFIG_NAME)) return configActions(doc.getText(), p.context?.diagnostics ?? [], (edits) => this.workspaceEdit(new Map([[doc.uri, { version: doc.version, edits }]])));
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!doc || !entry?.script || !this.s.settings.enable) return null;
      return codeActions({
        uri: doc.uri,
        version: doc.version,
        text: doc.getText(),
        lines: entry.script.lines,
        diagnostics: p.context?.diagnostics ?? [],
        only: p.context?.only,
        findings: this.s.currentFindings(doc.uri),
        edit: (edits) => this.workspaceEdit(new Map([[doc.uri, { version: doc.version, edits }]])),
        locale: this.s.uiLocale(entry.key),
        script: entry.script,
      });
    }));
    c.onExecuteCommand(this.s.request('executeCommand', null, (p) => this.executeCommand(p.command, p.arguments ?? [])));
    c.onHover(this.s.request('hover', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      return hover({
        script: entry.script,
        position: p.position,
        findings: this.s.settings.enable ? this.s.currentFindings(entry.uri) : [],
        targets: (title) => this.titleTargets(title),
        ruleDoc: (id, locale) => this.s.host.ruleDoc(id, locale),
        locale: this.s.uiLocale(entry.key),
      });
    }));
    c.onCompletion(this.s.request('completion', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      return { isIncomplete: false, items: completions({ script: entry.script, position: p.position, titles: this.s.workspace.index().titles.keys(), placeholders: entry.parseOptions?.placeholders, locale: this.s.uiLocale(entry.key) }) };
    }));
    c.onDefinition(this.s.request('definition', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position);
      return nav ? definition(nav) : null;
    }));
    c.onReferences(this.s.request('references', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position);
      return nav ? references(nav, !!p.context?.includeDeclaration) : null;
    }));
    c.onPrepareRename(this.s.request('prepareRename', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      const t = entry?.script && titleAt(entry.script, p.position);
      return t ? { range: t.range, placeholder: t.title } : null;
    }));
    c.onRenameRequest(this.s.request('rename', null, (p) => {
      const nav = this.nav(p.textDocument.uri, p.position, typeof p.newName === 'string' ? [p.newName, p.newName.trim()] : []);
      if (!nav) return null;
      if (typeof p.newName !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'newName must be a string');
      const r = renameEdits(nav, p.newName, this.s.uiLocale(this.s.entryOf(p.textDocument.uri)?.key));
      if (!r.ok) throw new ResponseError(r.reason === 'invalid' ? ErrorCodes.InvalidParams : LSPErrorCodes.RequestFailed, r.message);
      const byUri = new Map<string, { version: number | null; edits: TextEdit[] }>();
      for (const [name, edits] of r.edits) {
        const e = this.s.workspace.get(name);
        const uri = e?.uri ?? name;
        byUri.set(uri, { version: e?.open ? (this.s.documents.get(uri)?.version ?? e.version) : null, edits });
      }
      return this.workspaceEdit(byUri);
    }));
    c.onDocumentSymbol(this.s.request('documentSymbol', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!entry?.script) return null;
      const hierarchical = !!this.s.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
      return hierarchical ? documentSymbols(entry.script) : flatSymbols(entry.script, entry.uri);
    }));
    c.onWorkspaceSymbol(this.s.request('workspaceSymbol', null, (p) => {
      const query = typeof p.query === 'string' ? p.query : '';
      return workspaceSymbols(this.scriptsWithTitle((t) => fuzzyMatch(query.trim(), t)), query, (n) => this.uriOfName(n));
    }));
    c.onFoldingRanges(this.s.request('foldingRange', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      return entry?.script ? folding(entry.script) : null;
    }));
    // The conversation graph and the play-through (docs/EDITORS.md): after the initial scan, so
    // that closed files' nodes are in it.
    c.onRequest(GRAPH_REQUEST, this.s.request(GRAPH_REQUEST, null, async (p: GraphParams) => {
      await this.s.ready;
      return graphRequest(this.graphSource(), p, (u) => this.s.host.keyOf(u));
    }));
    c.onRequest(PLAYTHROUGH_REQUEST, this.s.request(PLAYTHROUGH_REQUEST, null, async (p: PlaythroughParams) => {
      if (typeof p.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${PLAYTHROUGH_REQUEST}: uri must be a string`);
      await this.s.ready;
      return playthroughRequest(this.graphSource(), p, (u) => this.s.host.keyOf(u));
    }));
    c.onCodeLens(this.s.request('codeLens', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!entry?.script || !this.s.settings.codeLens) return null;
      const index = this.s.workspace.index();
      // (Over the outlines of the files that jump into this one's titles: the reverse index finds them.)
      const sources = jumpSources(this.s.workspace.mentioning(entry.titles, false, true));
      return nodeLenses({
        script: entry.script,
        uri: entry.uri,
        findings: this.s.settings.enable ? this.s.currentFindings(entry.uri) : [],
        incoming: (t) => index.incoming.get(t) ?? 0,
        reachedFrom: (t) => sources.get(t) ?? [],
        locale: this.s.uiLocale(entry.key),
      });
    }));
    c.languages.inlayHint.on(this.s.request('inlayHint', null, (p) => {
      const entry = this.s.entryOf(p.textDocument.uri);
      if (!entry?.script || !this.s.settings.inlayHints) return null;
      return debtPlaceholderHints(entry.script, this.s.uiLocale(entry.key), p.range);
    }));
    c.onRequest(LINT_WORKSPACE, this.s.request(LINT_WORKSPACE, null, () => this.s.closed.lintWorkspace()));
  }

  uriOfName(name: string): string {
    return this.s.workspace.get(name)?.uri ?? this.s.host.uriOf(name);
  }

  displayName(name: string): string {
    if (!this.s.host.isPath(name)) return name;
    for (const f of this.s.folders) {
      const rel = this.s.host.relativeInside(f, name);
      if (rel !== undefined) return rel;
    }
    return this.s.host.basename(name);
  }

  titleTargets(title: string): TitleTarget[] {
    const out: TitleTarget[] = [];
    for (const t of this.s.workspace.index().titles.get(title) ?? []) {
      const e = this.s.workspace.get(t.uri);
      const script = e && this.s.workspace.scriptOf(e);
      const node = script?.nodes.find((n) => n.titleLine === t.node.titleLine && n.title === title);
      if (script && node) out.push({ file: this.displayName(t.uri), node, lines: script.lines });
    }
    return out;
  }

  /**
   * What the graph requests read: every indexed file, linted as shown (open ones' current findings,
   * closed ones parsed and linted now, their findings kept while the file and the index stay), one
   * file per slice of background work: a graph over a large workspace does not hold typing up.
   */
  graphSource(): GraphSource {
    const index = this.s.workspace.index();
    const slices = new Slicer(() => this.s.foreground > 0, () => this.s.shuttingDown);
    return {
      entries: this.s.workspace.indexed(),
      index,
      script: (e) => this.s.workspace.scriptOf(e),
      config: (e) => this.s.configFor(e.key).resolved,
      findings: (e, script) => {
        if (!this.s.settings.enable) return [];
        const cfg = this.s.configFor(e.key).resolved;
        const current = e.open && this.s.documents.get(e.uri) && this.s.workspace.get(e.key) === e;
        const findings = current ? this.s.currentFindings(e.uri) : this.graphCache.findingsOf(e, index, cfg, () => lintScript(script, index, cfg));
        return this.s.underBaseline(e.key, findings);
      },
      cache: this.graphCache,
      pause: () => slices.yield(),
    };
  }

  /** Parsed scripts of the indexed files with a title that passes `test`, parsed one by one as they are read (closed files on demand). */
  *scriptsWithTitle(test: (title: string) => boolean): Iterable<ParsedScript> {
    for (const e of this.s.workspace.indexed()) {
      if (!e.outline!.defs.some((d) => test(d.node.title))) continue;
      const script = this.s.workspace.scriptOf(e);
      if (script) yield script;
    }
  }

  /**
   * Definition, references and rename at a position: the title there and the scripts of the files
   * that define or jump to it (or to `more`: a new name) — found by the reverse index, parsed when closed.
   */
  nav(uri: string, position: { line: number; character: number }, more: string[] = []): NavInput | undefined {
    const entry = this.s.entryOf(uri);
    if (!entry?.script || !position) return undefined;
    const t = titleAt(entry.script, position);
    const scripts: ParsedScript[] = [];
    for (const e of this.s.workspace.mentioning(t ? [t.title, ...more] : [])) {
      const script = e.key === entry.key ? entry.script : this.s.workspace.scriptOf(e);
      if (script) scripts.push(script);
    }
    return { script: entry.script, position, scripts, uriOf: (n) => this.uriOfName(n) };
  }

  workspaceEdit(byUri: Map<string, { version: number | null; edits: TextEdit[] }>): WorkspaceEdit {
    if (this.s.capabilities.workspace?.workspaceEdit?.documentChanges) {
      return { documentChanges: [...byUri].map(([uri, { version, edits }]) => ({ textDocument: { uri, version }, edits })) };
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const [uri, { edits }] of byUri) changes[uri] = edits;
    return { changes };
  }

  async executeCommand(command: string, args: unknown[]): Promise<null> {
    if (command === PLACE_CURSOR) return this.placeCursor(args);
    if (command !== SHOW_DOCUMENTATION) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${command}`);
    const arg = args[0];
    const url = typeof arg === 'string' ? arg : typeof (arg as { url?: unknown })?.url === 'string' ? (arg as { url: string }).url : undefined;
    if (!url || !/^(https?|file):/.test(url)) throw new ResponseError(ErrorCodes.InvalidParams, 'parley.showDocumentation needs a documentation URL');
    if (this.s.capabilities.window?.showDocument?.support) {
      await this.s.connection.window.showDocument({ uri: url, external: true });
    } else {
      this.s.connection.window.showInformationMessage(logLine(LOG.documentation(url), this.s.logLocale()));
    }
    return null;
  }

  /** parley.placeCursor [uri, position]: after an action's edit, the editor shows the document with the cursor there. */
  async placeCursor(args: unknown[]): Promise<null> {
    const [uri, at] = args as [unknown, { line?: unknown; character?: unknown } | undefined];
    if (typeof uri !== 'string' || !at || typeof at.line !== 'number' || typeof at.character !== 'number' || at.line < 0 || at.character < 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'parley.placeCursor needs a document URI and a position');
    }
    if (!this.s.capabilities.window?.showDocument?.support) return null; // (nothing to ask for: the edit is applied all the same)
    const position = { line: at.line, character: at.character };
    await this.s.connection.window.showDocument({ uri, takeFocus: true, selection: { start: position, end: position } });
    return null;
  }
}
