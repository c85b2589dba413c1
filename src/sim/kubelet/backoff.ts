/** kubelet's container restart back-off: 10 s doubling to 5 min, forgotten after 10 min of running. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
export const BACKOFF_RESET_AFTER_MS = 600_000;

/**
 * Delay before restarting after the `crashes`-th consecutive failure: the first restart is immediate
 * (no back-off entry yet), then 10 s, 20 s, 40 s … capped at 5 min.
 */
export function restartDelayMs(crashes: number): number {
  if (crashes <= 1) return 0;
  return Math.min(BACKOFF_INITIAL_MS * 2 ** (crashes - 2), BACKOFF_MAX_MS);
}

/** Image pull back-off: 10 s doubling to 5 min from the first failure. */
export function pullBackoffMs(failures: number): number {
  return Math.min(BACKOFF_INITIAL_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

/** `20s`, `2m40s`, `5m0s`: Go's duration text used in back-off messages. */
export function backoffText(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
