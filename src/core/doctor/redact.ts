import { maskCredentials } from '../security/redact.js';

const MAX_EVIDENCE_CHARS = 400;

/** Redacted and, for the very long lines vLLM prints (a list of every supported architecture), shortened. */
export function evidenceText(line: string): string {
  const redacted = maskCredentials(line.trimEnd());
  return redacted.length > MAX_EVIDENCE_CHARS ? `${redacted.slice(0, MAX_EVIDENCE_CHARS)}…` : redacted;
}
