/** What the server offers in its `initialize` answer. No Node imports. */
import { CodeActionKind, TextDocumentSyncKind, type ServerCapabilities } from 'vscode-languageserver';
import { FIX_ALL_KIND, PLACE_CURSOR, SHOW_DOCUMENTATION } from './actions';

/** The server's capabilities, given the client's initializationOptions (`clientCommands`, `extensionVersion`). */
export function serverCapabilities(opts: { clientCommands?: unknown; extensionVersion?: unknown }): ServerCapabilities {
  // The Parley VS Code extension implements parley.showDocumentation itself (opening the bundled
  // page); advertising it from the server too would make vscode-languageclient register it twice.
  const clientCommands = Array.isArray(opts.clientCommands) ? opts.clientCommands : opts.extensionVersion !== undefined ? [SHOW_DOCUMENTATION] : [];
  const commands = [SHOW_DOCUMENTATION, PLACE_CURSOR].filter((c) => !clientCommands.includes(c));
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    ...(commands.length ? { executeCommandProvider: { commands } } : {}),
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['{', ' ', ':', '\uff1a', ',', '\uff0c', '<', '>', '\uff5b', '\u300a', '\u300b', '\uff1c', '\uff1e'], resolveProvider: false },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: { resolveProvider: false },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
