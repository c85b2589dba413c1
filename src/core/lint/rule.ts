import type { ManifestDocument } from '../manifest/manifestDocument.js';
import type { LintDiagnostic } from './diagnostic.js';
import type { ResolvedLintOptions } from './options.js';

export interface RuleContext {
  readonly document: ManifestDocument;
  readonly options: ResolvedLintOptions;
  report(diagnostic: LintDiagnostic): void;
}

export interface Rule {
  /** Stable id; equals the diagnostic code for single-code rules. */
  readonly id: string;
  /** Every diagnostic code the rule can report (for docs and `disabledRules`). */
  readonly codes: readonly string[];
  readonly description: string;
  appliesTo(document: ManifestDocument): boolean;
  check(context: RuleContext): void;
}
