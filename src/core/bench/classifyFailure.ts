import type { PlaygroundError } from '../playground/types.js';
import type { BenchErrorKind } from './types.js';

/** A playground failure as one of the bench's error kinds; undefined for a cancelled request (not a measurement). */
export function classifyFailure(error: PlaygroundError): { kind: BenchErrorKind; status?: number } | undefined {
  if (error.kind === 'cancelled') return undefined;
  if (error.status !== undefined && error.status >= 400) return { kind: 'http', status: error.status };
  if (error.shape === 'network') return { kind: error.kind === 'timeout' ? 'timeout' : 'connection' };
  return { kind: 'invalid', status: error.status };
}
