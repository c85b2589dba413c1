/** `2025-01-20T07:02:11Z`: the second-precision timestamps Kubernetes writes. */
export function isoSeconds(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `90s`, `20m`, `3h`, `1h30m` → milliseconds; undefined when malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let consumed = 0;
  for (const match of text.trim().matchAll(re)) {
    total += Number(match[1]) * units[match[2]];
    consumed += match[0].length;
  }
  return consumed === text.trim().length && consumed > 0 ? total : undefined;
}

/** Go's time.Duration formatting as the kubelet prints it: `1m2.345s`, `850ms`, `20s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const sec = `${Number(seconds.toFixed(3))}s`;
  if (hours) return `${hours}h${minutes}m${sec}`;
  if (minutes) return `${minutes}m${sec}`;
  return sec;
}
