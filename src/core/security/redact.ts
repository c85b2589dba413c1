/** What replaces a secret wherever it would have been shown. */
export const REDACTED = '***';

/**
 * Replaces every occurrence of each known secret (and of its base64 form, as Secrets and Basic auth carry it) in every
 * string inside `value`. For answers from servers that echo the Authorization header back in an error.
 * Secrets shorter than 6 characters are left alone: replacing them would garble ordinary text.
 */
export function redactSecrets<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
  const needles = secretNeedles(secrets);
  if (!needles.length) return value;
  const scrub = (text: string) => scrubNeedles(text, needles);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (depth > 20 || v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, depth + 1)]));
  };
  return walk(value, 0) as T;
}

/** Each secret long enough to be told from ordinary text, and its base64 form. */
function secretNeedles(secrets: ReadonlyArray<string | undefined>): string[] {
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')]);
}

function scrubNeedles(text: string, needles: readonly string[]): string {
  return needles.some((n) => text.includes(n)) ? needles.reduce((t, n) => t.split(n).join(REDACTED), text) : text;
}

/**
 * redactSecrets for text that arrives in pieces (a streamed answer shown as it comes): a secret split across two
 * pieces is caught too. What could still become a secret — an end of the text so far that begins one — is held back
 * until the next piece tells; `end()` releases the rest, masked if it is a long beginning of a secret.
 */
export class StreamRedactor {
  private readonly needles: string[];
  private held = '';

  constructor(secrets: ReadonlyArray<string | undefined>) {
    this.needles = secretNeedles(secrets);
  }

  /** The next piece in; what is safe to show out (possibly empty). */
  push(piece: string): string {
    if (!this.needles.length) return piece;
    const text = scrubNeedles(this.held + piece, this.needles);
    const keep = this.startOfSecretAtEnd(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  end(): string {
    const rest = this.held;
    this.held = '';
    return rest.length >= 6 ? REDACTED : rest;
  }

  /** The length of the longest end of `text` that is the beginning of a secret (shorter than the whole secret). */
  private startOfSecretAtEnd(text: string): number {
    let longest = 0;
    for (const needle of this.needles) {
      for (let k = Math.min(needle.length - 1, text.length); k > longest; k--) {
        if (text.endsWith(needle.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  }
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
