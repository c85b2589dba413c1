/** What the failure doctor reports. Pure data: the CLI prints it, the extension turns it into diagnostics and edits. */
export type DoctorSeverity = 'error' | 'warning';

/**
 * Where a signature sits in a failure chain. Findings are ordered cause → symptom → wrapper, so a restart
 * loop or an "Engine core initialization failed" never outranks the error that produced it.
 */
export type SignatureRole = 'cause' | 'symptom' | 'wrapper';

/** The finding given when the log shows a failure (an exception, an error line, a non-zero exit) no signature explains. */
export const UNRECOGNIZED_FAILURE = 'unrecognized-failure';

/**
 * A manifest change that fixes the finding, described rather than applied: the extension maps each kind onto
 * the YAML edit helpers (src/core/yaml/edits.ts). Paths are NIMService paths.
 */
export type ManifestFix =
  | { kind: 'set'; path: string[]; value: string | number | boolean }
  /** Sets the value only where the manifest has none (an existing value is the user's choice). */
  | { kind: 'ensure'; path: string[]; value: string | number | boolean }
  /** `flag value` in spec.args: replaces the flag's value (`--flag v` or `--flag=v`), else appends both. */
  | { kind: 'set-arg'; flag: string; value: string }
  /** --tensor-parallel-size in spec.args and the GPU limit, both to `size`. */
  | { kind: 'tensor-parallel'; size: number }
  | { kind: 'probes-to-health'; path: '/health' }
  | { kind: 'add-env'; name: string; value?: string; secretKeyRef?: { name: string; key: string } }
  | { kind: 'add-arg'; arg: string }
  | { kind: 'add-pull-secret'; name: string }
  | { kind: 'raise-memory-limit' }
  | { kind: 'raise-startup-probe-budget'; minSeconds: number }
  | { kind: 'use-pvc'; hfHome: string };

export interface Evidence {
  /** e.g. `pod/x container/main (previous)`, a file name, or `events`. */
  source: string;
  /** 1-based line within that source. */
  line: number;
  /** The line, secrets redacted, long lines shortened. */
  text: string;
}

export interface Finding {
  signature: string;
  title: string;
  severity: DoctorSeverity;
  role: SignatureRole;
  cause: string;
  fix: string;
  /** First occurrence; for a wrapper, the first exception above it (the wrapper's own line is `wrapperEvidence`). */
  evidence: Evidence;
  /** How often the signature matched across all sources (a crash loop repeats it once per restart). */
  count: number;
  manifestFix?: ManifestFix;
  /** Wrappers only: the signature id of the wrapped finding, or the exception type when no signature matched it. */
  wraps?: string;
  wrapperEvidence?: Evidence;
  /** unrecognized-failure only: the root of the traceback, its innermost frame (`File "…", line N, in fn`) above the exception. */
  rootFrame?: Evidence;
  /** unrecognized-failure only: the lines around the evidence line in its source (the evidence line among them), numbered. */
  context?: ContextLine[];
  /** unrecognized-failure only: the stable part of the message to search issue trackers for. */
  search?: string;
}

export interface ContextLine {
  /** 1-based line within the evidence's source. */
  line: number;
  text: string;
}
