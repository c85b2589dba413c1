export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export const CHECK_NAMES = ['nimservice-ready', 'pods-ready', 'restarts', 'reachable', 'health-route', 'api-key', 'model-served', 'metrics', 'latency'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** One line a user can act on; never contains a key. */
  detail: string;
  /** Time the check itself took (its request, or the cluster read). */
  ms: number;
  /** Raw facts behind the verdict: status lines, served ids, conditions. */
  evidence?: string[];
}

export interface HealthReport {
  key: string;
  name: string;
  /** The base URL as configured (`/v1` base). */
  baseUrl: string;
  /** Where requests actually went (a port-forward's local URL), when different. */
  via?: string;
  healthy: boolean;
  /** Worst status over all checks. */
  status: Exclude<CheckStatus, 'skip'>;
  checks: CheckResult[];
  /** ISO time the run started. */
  at: string;
  totalMs: number;
}

const RANK: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

export function worstStatus(checks: readonly CheckResult[]): Exclude<CheckStatus, 'skip'> {
  const worst = checks.reduce<CheckStatus>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), 'pass');
  return worst === 'skip' ? 'pass' : worst;
}

export function check(name: CheckName, status: CheckStatus, detail: string, ms = 0, evidence?: string[]): CheckResult {
  return evidence?.length ? { name, status, detail, ms: round(ms), evidence } : { name, status, detail, ms: round(ms) };
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
