import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './status.js';

export type Role = 'admin' | 'viewer';

export interface SimUser {
  name: string;
  token: string;
  role: Role;
}

/** The two users the written kubeconfig carries: a cluster admin and a read-only viewer (no writes, no secrets). */
export function defaultUsers(cluster: string): SimUser[] {
  return [
    { name: `${cluster}-admin`, token: randomBytes(24).toString('hex'), role: 'admin' },
    { name: `${cluster}-viewer`, token: randomBytes(24).toString('hex'), role: 'viewer' },
  ];
}

/**
 * kubectl sends no credentials to a plain-http server, so over http the kubeconfig names the user in the server URL:
 * `http://127.0.0.1:P/token/<token>`. Returns the token found there and the path without that prefix.
 */
export function splitPathToken(pathname: string): { token?: string; path: string } {
  const m = /^\/token\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!m) return { path: pathname };
  let token: string;
  try {
    token = decodeURIComponent(m[1]);
  } catch {
    return { path: pathname };
  }
  return { token, path: m[2] || '/' };
}

export function authenticate(request: IncomingMessage, users: SimUser[], pathToken?: string): SimUser | undefined {
  const header = String(request.headers.authorization ?? '');
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const token = pathToken ?? m?.[1];
  if (!token) return undefined;
  const given = Buffer.from(token);
  return users.find((u) => {
    const expected = Buffer.from(u.token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

const readVerbs = new Set(['get', 'list', 'watch']);

export interface AccessRequest {
  verb: string;
  group: string;
  plural: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** RBAC for the two roles; a denial is the apiserver's 403 wording. */
export function authorize(user: SimUser, access: AccessRequest): void {
  if (user.role === 'admin') return;
  const resource = access.subresource ? `${access.plural}/${access.subresource}` : access.plural;
  const allowed = readVerbs.has(access.verb) && access.plural !== 'secrets' && access.subresource !== 'portforward';
  if (allowed) return;
  const qualified = access.group ? `${access.plural}.${access.group}` : access.plural;
  const scope = access.namespace ? `in the namespace "${access.namespace}"` : 'at the cluster scope';
  const reason = `User "${user.name}" cannot ${access.verb} resource "${resource}" in API group "${access.group}" ${scope}`;
  const message = access.name ? `${qualified} "${access.name}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
  throw new ApiError(403, 'Forbidden', message, { ...(access.name ? { name: access.name } : {}), ...(access.group ? { group: access.group } : {}), kind: access.plural });
}
