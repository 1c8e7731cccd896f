/**
 * What the server tells an editor about the whole workspace: the counts of the findings it
 * publishes (for "Parley: Lint Workspace" and a status bar) and whether closed files are still
 * being linted in the background. Pure; the custom methods are Parley's own, not LSP's.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Finding } from '../core/types';

/** Request, no params: lint every `.parley` file of the workspace folders; answers WorkspaceTotals. */
export const LINT_WORKSPACE = 'parley/lintWorkspace';
/** Notification to clients that asked for it (initializationOptions.status): `{ indexing, pending }`. */
export const STATUS = 'parley/status';

/** What the Problems panel lists of one file (hints are not listed). */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface WorkspaceTotals extends Counts {
  /** errors + warnings + infos: the entries the Problems panel lists. */
  problems: number;
  /** Files with at least one problem. */
  files: number;
  /** `.parley` files linted (open or closed, neither ignored nor too large). */
  linted: number;
}

/** A published set's counts; undefined when it holds no problem. */
function countDiagnostics(ds: readonly Diagnostic[]): Counts | undefined {
  const c: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of ds) {
    if (d.severity === DiagnosticSeverity.Error) c.errors++;
    else if (d.severity === DiagnosticSeverity.Warning) c.warnings++;
    else if (d.severity === DiagnosticSeverity.Information || d.severity === undefined) c.infos++;
  }
  return c.errors + c.warnings + c.infos > 0 ? c : undefined;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

/** The counts of findings published with diagnostics of the server's own; undefined when they hold no problem. */
export function countProblems(findings: readonly Finding[], extra: readonly Diagnostic[] = []): Counts | undefined {
  const c = countDiagnostics(extra) ?? { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    const s = SEVERITY[f.severity];
    if (s === DiagnosticSeverity.Error) c.errors++;
    else if (s === DiagnosticSeverity.Warning) c.warnings++;
    else if (s === DiagnosticSeverity.Information) c.infos++;
  }
  return c.errors + c.warnings + c.infos > 0 ? c : undefined;
}

export function totals(shown: ReadonlyMap<string, Counts>, linted: number): WorkspaceTotals {
  const t: WorkspaceTotals = { errors: 0, warnings: 0, infos: 0, problems: 0, files: 0, linted };
  for (const c of shown.values()) {
    t.errors += c.errors;
    t.warnings += c.warnings;
    t.infos += c.infos;
    t.files++;
  }
  t.problems = t.errors + t.warnings + t.infos;
  return t;
}
