/** What the failure doctor reports. Pure data: the CLI prints it, the extension turns it into diagnostics and edits. */
export type DoctorSeverity = 'error' | 'warning';

/**
 * Where a signature sits in a failure chain. Findings are ordered cause → symptom → wrapper, so a restart
 * loop or an "Engine core initialization failed" never outranks the error that produced it.
 */
export type SignatureRole = 'cause' | 'symptom' | 'wrapper';

/**
 * A manifest change that fixes the finding, described rather than applied: the extension maps each kind onto
 * the YAML edit helpers (src/core/yaml/edits.ts). Paths are NIMService paths.
 */
export type ManifestFix =
  | { kind: 'set'; path: string[]; value: string | number | boolean }
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
}
