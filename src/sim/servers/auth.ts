import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True when no key is configured or the request carries `Authorization: Bearer <key>` (compared in constant time). */
export function isAuthorized(req: IncomingMessage, apiKey: string | undefined): boolean {
  if (!apiKey) return true;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
