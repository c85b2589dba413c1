/** Lint results in offsets of the file's text; adapters turn them into editor ranges or 1-based CLI positions. */
export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  /** Offsets into the original text; start === end inserts. */
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  /** Edits to the linted file, applied together. */
  edits?: TextEdit[];
  /** A new file to create instead of (or besides) editing this one; never written over an existing file without asking. */
  newFile?: { suggestedName: string; content: string };
  isPreferred?: boolean;
  /**
   * The fix needs a value only the user knows (e.g. which release to pin): its edits hold `placeholder`,
   * which `fixWithInput` replaces with the answer. Editors ask `prompt` first; a fix with `input` is never
   * applied as it is.
   */
  input?: FixInput;
}

export interface FixInput {
  prompt: string;
  placeholder: string;
  /** What a valid answer matches (a regular expression source). */
  pattern: string;
  /** Shown in the input box as an example. */
  example?: string;
}

export interface LintDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes?: QuickFix[];
  /** Index of the YAML document in a multi-document file. */
  documentIndex?: number;
  /** Codes of findings that say the same thing better: when one starts at the same offset, this one is dropped. */
  duplicateOf?: readonly string[];
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
