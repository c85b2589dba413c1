/** What replaces a secret wherever it would have been shown. */
export const REDACTED = '***';

/**
 * Replaces every occurrence of each secret (and of its base64 form, as Secrets and Basic auth carry it) in every
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
