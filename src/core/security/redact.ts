/** What replaces a secret wherever it would have been shown. */
export const REDACTED = '***';

/**
 * Replaces every occurrence of each known secret (and of its base64 form, as Secrets and Basic auth carry it) in every
 * string inside `value`. For answers from servers that echo the Authorization header back in an error.
 * Secrets shorter than 6 characters are left alone: replacing them would garble ordinary text.
 */
export function redactSecrets<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
  const needles = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')]);
  if (!needles.length) return value;
  const scrub = (text: string) => (needles.some((n) => text.includes(n)) ? needles.reduce((t, n) => t.split(n).join(REDACTED), text) : text);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (depth > 20 || v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, depth + 1)]));
  };
  return walk(value, 0) as T;
}

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  [/\bhf_[A-Za-z0-9]{8,}/g, 'hf_***'],
  [/\bnvapi-[A-Za-z0-9_-]{8,}/g, 'nvapi-***'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-***'],
  // A plain lowercase word after the key is prose ("invalid username/password: authentication required"), not a value.
  [/((?:api[_-]?key|token|password|secret)["']?\s*[:=]\s*\[?\s*["']?)(?![^\s"',\]}]*\*\*\*)([^\s"',\]}]{6,})/gi, (_match: string, key: string, value: string) => (/^[a-z]+$/.test(value) ? key + value : `${key}***`)],
];

/**
 * Masks what looks like a credential (Hugging Face and NGC keys, bearer tokens, `api_key=…`) in text whose secrets
 * are not known in advance: log lines the doctor shows or prints.
 */
export function maskCredentials(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}
