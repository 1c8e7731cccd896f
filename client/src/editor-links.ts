/**
 * Links and lenses that need the editor, for both entries (desktop and browser):
 *
 * - Rule pages through a URI VS Code opens from anywhere: `parley-doc:/rules/<id>.md` (or
 *   `/en/rules/<id>.md`). VS Code's own hover on a squiggle opens a diagnostic's code link without
 *   allowing commands, so a `command:` link does nothing there; any other non-web scheme goes to
 *   the editor opener, which opens the document. This module serves `parley-doc:` documents (the
 *   bundled page's text) and, as soon as such a document shows up in a tab, swaps the tab for the
 *   Markdown preview of the bundled page — the same page `parley.showDocumentation` opens. Problems,
 *   the F8 peek and the hover all take this one link.
 * - `parley.showReachedFrom` (the "reached from N nodes" code lens): the nodes that jump to a node,
 *   in the references peek.
 */
import * as vscode from 'vscode';
import { RULE_DOC } from './commands';

const DOC_SCHEME = 'parley-doc';

/** The `parley-doc:` URI of a rule page URL the server sent (`…/docs/rules/<id>.md`, `…/docs/zh-TW/rules/<id>.md`, `…/docs/en/rules/<id>.md`), if it is one. */
export function docLinkUri(url: string): vscode.Uri | undefined {
  const page = RULE_DOC.exec(url)?.[1];
  return page ? vscode.Uri.from({ scheme: DOC_SCHEME, path: '/' + page }) : undefined;
}

/** The bundled page a `parley-doc:` URI stands for. */
function bundledPage(context: vscode.ExtensionContext, uri: vscode.Uri): vscode.Uri | undefined {
  const page = /^\/((?:en\/|zh-TW\/)?rules\/[a-z0-9-]+\.md)$/.exec(uri.path)?.[1];
  return page ? vscode.Uri.joinPath(context.extensionUri, 'docs', ...page.split('/')) : undefined;
}

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}
const isPosition = (p: unknown): p is LspPosition => !!p && typeof (p as LspPosition).line === 'number' && typeof (p as LspPosition).character === 'number';
const isLocation = (l: unknown): l is LspLocation => !!l && typeof (l as LspLocation).uri === 'string' && isPosition((l as LspLocation).range?.start) && isPosition((l as LspLocation).range?.end);
const position = (p: LspPosition) => new vscode.Position(p.line, p.character);

export function registerEditorLinks(context: vscode.ExtensionContext): void {
  const decoder = new TextDecoder();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DOC_SCHEME, {
      async provideTextDocumentContent(uri) {
        const page = bundledPage(context, uri);
        if (!page) return '';
        try {
          return decoder.decode(await vscode.workspace.fs.readFile(page));
        } catch {
          return '';
        }
      },
    }),
    vscode.window.tabGroups.onDidChangeTabs(async (e) => {
      for (const tab of e.opened) {
        const input = tab.input;
        if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== DOC_SCHEME) continue;
        const page = bundledPage(context, input.uri);
        await vscode.window.tabGroups.close(tab);
        if (page) await vscode.commands.executeCommand('markdown.showPreview', page);
      }
    }),
    vscode.commands.registerCommand('parley.showReachedFrom', async (uri?: unknown, at?: unknown, locations?: unknown) => {
      if (typeof uri !== 'string' || !isPosition(at) || !Array.isArray(locations)) return;
      const list = locations.filter(isLocation).map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(position(l.range.start), position(l.range.end))));
      await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), position(at), list);
    }),
  );
}
