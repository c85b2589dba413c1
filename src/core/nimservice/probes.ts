/** Probe overrides for vLLM images, which serve GET /health instead of the operator's default /v1/health/*. */
export const PROBE_KEYS = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
export type ProbeKey = (typeof PROBE_KEYS)[number];

/** The first weight download of a large model takes tens of minutes; the operator's default allows 20. */
export const MIN_STARTUP_BUDGET_SECONDS = 30 * 60;

const health = { path: '/health', port: 'api' };

export const VLLM_PROBES: Record<ProbeKey, { enabled: true; probe: Record<string, unknown> }> = {
  // 30 s + 180 × 10 s = 30.5 min before the first restart.
  startupProbe: { enabled: true, probe: { httpGet: health, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 180 } },
  readinessProbe: { enabled: true, probe: { httpGet: health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } },
  livenessProbe: { enabled: true, probe: { httpGet: health, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } },
};

/** Kubernetes defaults for a probe the user wrote: failureThreshold 3, periodSeconds 10, no initial delay. */
export function startupBudgetSeconds(probe: { failureThreshold?: unknown; periodSeconds?: unknown; initialDelaySeconds?: unknown }): number | undefined {
  const read = (value: unknown, fallback: number) => (value === undefined || value === null ? fallback : typeof value === 'number' ? value : NaN);
  const budget = read(probe.failureThreshold, 3) * read(probe.periodSeconds, 10) + read(probe.initialDelaySeconds, 0);
  return Number.isFinite(budget) ? budget : undefined;
}

export function isNimHealthPath(path: unknown): boolean {
  return typeof path === 'string' && /^\/v1\/health(\/|$)/.test(path);
}
