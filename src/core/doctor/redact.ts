/** Masks things that look like credentials before a log line is shown or printed. */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\bhf_[A-Za-z0-9]{8,}/g, 'hf_***'],
  [/\bnvapi-[A-Za-z0-9_-]{8,}/g, 'nvapi-***'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-***'],
  [/((?:api[_-]?key|token|password|secret)["']?\s*[:=]\s*\[?\s*["']?)(?![^\s"',\]}]*\*\*\*)[^\s"',\]}]{6,}/gi, '$1***'],
];

const MAX_EVIDENCE_CHARS = 400;

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Redacted and, for the very long lines vLLM prints (a list of every supported architecture), shortened. */
export function evidenceText(line: string): string {
  const redacted = redactSecrets(line.trimEnd());
  return redacted.length > MAX_EVIDENCE_CHARS ? `${redacted.slice(0, MAX_EVIDENCE_CHARS)}…` : redacted;
}
