import type { DoctorSeverity, ManifestFix, SignatureRole } from './types.js';

/** One known failure: the evidence that proves it, what it means and the exact change that fixes it. */
export interface Signature {
  id: string;
  title: string;
  /**
   * Fragments valid both as JavaScript and POSIX ERE (`grep -E`): a line is matched against `patterns`
   * only when one of them occurs. Every pattern match must contain one of them.
   */
  keywords: string[];
  patterns: RegExp[];
  /** The row fires only when the same source also shows this somewhere (before or after the match). */
  context?: { keywords: string[]; pattern: RegExp };
  role: SignatureRole;
  severity: DoctorSeverity;
  /**
   * A catch-all (a failed pull, an unschedulable pod, a probe failing): true when a more specific cause, wherever
   * it shows, is the better answer. Generic causes rank after every specific cause.
   */
  generic?: boolean;
  /** Findings that are a misreading or a consequence of this one: dropped when this one is found. */
  supersedes?: string[];
  cause: string;
  fix: string;
  manifestFix?: ManifestFix;
  /** An exact fix from the evidence line (the value the log proves), replacing `fix` / `manifestFix` when it applies. */
  refine?: (evidence: string) => { fix: string; manifestFix?: ManifestFix } | undefined;
}

/** Escapes a literal so it means itself both in a JavaScript RegExp and in `grep -E`. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const SHM_FIX: ManifestFix = { kind: 'set', path: ['spec', 'storage', 'sharedMemorySizeLimit'], value: '32Gi' };
