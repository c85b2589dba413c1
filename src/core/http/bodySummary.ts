/** What a body that is not the expected JSON looks like, in one short line a user can act on. */
export function describeUnexpectedBody(status: number, text: string, contentType?: string): string {
  const trimmed = text.slice(0, 64 * 1024).trim();
  const type = contentType ? `, ${contentType.split(';')[0]}` : '';
  if (!trimmed) return `HTTP ${status} with an empty body${type}`;
  if (looksLikeHtml(trimmed)) {
    const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return `HTTP ${status} with an HTML page${title ? ` "${clip(title, 80)}"` : ''}${type} — a proxy, ingress or login page answered, not the model server`;
  }
  if (/^[[{]/.test(trimmed)) return `HTTP ${status} with JSON cut short or malformed (${text.length} bytes${type}): ${printable(clip(trimmed, 120))}`;
  return `HTTP ${status} with a body that is not JSON (${text.length} bytes${type}): ${printable(clip(trimmed, 120))}`;
}

/** A short, printable excerpt of a body for a one-line message: an HTML page by its title, anything else clipped. */
export function bodyExcerpt(text: string, max = 300): string {
  const trimmed = text.slice(0, 64 * 1024).trim();
  if (looksLikeHtml(trimmed)) {
    const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return `an HTML page${title ? ` "${clip(title, 80)}"` : ''} (a proxy, ingress or login page, not the model server?)`;
  }
  return printable(clip(trimmed, max));
}

function looksLikeHtml(trimmed: string): boolean {
  return /^<(!doctype|html|\?xml)/i.test(trimmed) || (/^<[a-z]+[\s>]/i.test(trimmed) && /<\/(html|body|div|head)>/i.test(trimmed));
}

/** A message cut to `max` characters (server messages can be megabytes). The cut is copied: V8 would otherwise
 * keep a slice of a 256 MB body alive through the short message that came from it. */
export function clip(text: string, max = 500): string {
  return text.length > max ? `${detach(text.slice(0, max - 1))}…` : text;
}

function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, '·').replace(/\s+/g, ' ');
}
