import type { KubeObject } from '../store/types.js';
import type { ServedResource } from './registry.js';
import { parseFieldSelector, parseLabelSelector, type Selector } from './selectors.js';
import { errors } from './status.js';

export function selectorFor(resource: ServedResource, query: URLSearchParams): Selector {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), resource.type.kind);
  return (o) => labels(o) && fields(o);
}

interface ContinueToken {
  rv: number;
  after: string;
}

function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** `limit` / `continue` paging: the token remembers where the last page ended. */
export function paginate(items: KubeObject[], query: URLSearchParams, resourceVersion: number): { page: KubeObject[]; meta: Record<string, unknown> } {
  const limitText = query.get('limit');
  const token = query.get('continue');
  let start = 0;
  let rv = resourceVersion;
  if (token) {
    let parsed: ContinueToken;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
      if (typeof parsed.after !== 'string' || typeof parsed.rv !== 'number') throw new Error('shape');
    } catch {
      throw errors.badRequest('continue key is not valid: the continue token is malformed; list again without it');
    }
    rv = parsed.rv;
    start = items.findIndex((o) => objectKey(o) > parsed.after);
    if (start < 0) start = items.length;
  }
  const limit = limitText ? Number(limitText) : 0;
  if (limitText && (!Number.isInteger(limit) || limit < 0)) throw errors.badRequest(`limit must be a non-negative integer, got "${limitText}"`);
  if (!limit || start + limit >= items.length) return { page: items.slice(start), meta: { resourceVersion: String(rv) } };
  const page = items.slice(start, start + limit);
  const next: ContinueToken = { rv, after: objectKey(page[page.length - 1]) };
  return {
    page,
    meta: { resourceVersion: String(rv), continue: Buffer.from(JSON.stringify(next)).toString('base64url'), remainingItemCount: items.length - start - limit },
  };
}
