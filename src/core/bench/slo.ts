import type { RequestSample, Slo } from './types.js';

export class SloSyntaxError extends Error {}

const KEYS: Record<string, keyof Slo> = { ttft: 'ttftMs', tpot: 'tpotMs', itl: 'tpotMs', e2e: 'e2eMs' };

/** `ttft=500ms,tpot=50ms,e2e=20s` (units ms, s, m; a bare number is milliseconds). */
export function parseSlo(text: string): Slo {
  const slo: Slo = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z0-9]+)\s*[=:<]\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(part);
    const key = match ? KEYS[match[1].toLowerCase()] : undefined;
    if (!match || !key) throw new SloSyntaxError(`cannot read SLO part ${JSON.stringify(part)}: use ttft=500ms,tpot=50ms,e2e=20s`);
    const unit = (match[3] ?? 'ms').toLowerCase();
    const ms = Number(match[2]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
    if (!(ms > 0)) throw new SloSyntaxError(`SLO bound ${part} must be positive`);
    slo[key] = ms;
  }
  if (!Object.keys(slo).length) throw new SloSyntaxError('empty SLO: use e.g. ttft=500ms,tpot=50ms,e2e=20s');
  return slo;
}

export function hasSlo(slo: Slo): boolean {
  return slo.ttftMs !== undefined || slo.tpotMs !== undefined || slo.e2eMs !== undefined;
}

/**
 * A request is good when it succeeded and every given bound holds. A bound the request has no figure for (TTFT of an
 * image edit, TPOT of a one-token answer) is not held against it.
 */
export function meetsSlo(sample: RequestSample, slo: Slo): boolean {
  if (!sample.ok) return false;
  if (slo.ttftMs !== undefined && sample.ttftMs !== undefined && sample.ttftMs > slo.ttftMs) return false;
  if (slo.tpotMs !== undefined && sample.tpotMs !== undefined && sample.tpotMs > slo.tpotMs) return false;
  if (slo.e2eMs !== undefined && sample.e2eMs > slo.e2eMs) return false;
  return true;
}

export function formatSlo(slo: Slo): string {
  const parts: string[] = [];
  if (slo.ttftMs !== undefined) parts.push(`TTFT ≤ ${formatMs(slo.ttftMs)}`);
  if (slo.tpotMs !== undefined) parts.push(`TPOT ≤ ${formatMs(slo.tpotMs)}`);
  if (slo.e2eMs !== undefined) parts.push(`e2e ≤ ${formatMs(slo.e2eMs)}`);
  return parts.join(', ');
}

export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
