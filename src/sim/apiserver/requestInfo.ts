import { errors } from './status.js';

/** What a resource request path names: /api/v1/namespaces/ns/pods/name/log, /apis/apps/v1/deployments, /api/v1/watch/... */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix. */
  watchPrefix: boolean;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.badRequest(`malformed percent-encoding in the request path segment "${segment}"`);
  }
}

export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segments = pathname.split('/').filter(Boolean).map(decodeSegment);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  const namespaceItself = group === '' && rest[0] === 'namespaces' && (rest.length <= 2 || (rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize')));
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceItself) {
    if (rest.length > 5) return undefined;
    return { group, version, namespace: rest[1], plural: rest[2], name: rest[3], subresource: rest[4], watchPrefix };
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return { group, version, plural: rest[0], name: rest[1], subresource: rest[2], watchPrefix };
}
