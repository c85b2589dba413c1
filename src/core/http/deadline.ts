/**
 * One request's deadline and cancellation as a single AbortSignal, remembering which of the two fired so the
 * error can say "timed out" or "cancelled".
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** Milliseconds since the deadline started, to 0.1 ms. */
  elapsed(): number;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, cancel?: AbortSignal): Deadline {
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onCancel = () => {
    cancelled = true;
    controller.abort(cancel?.reason);
  };
  if (cancel?.aborted) onCancel();
  else cancel?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get cancelled() {
      return cancelled;
    },
    elapsed: () => Math.round((performance.now() - started) * 10) / 10,
    dispose() {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    },
  };
}
