/** A log line as the API server sends it with `timestamps=true`: `2025-01-01T00:00:01.123456789Z text`. */
export interface TimestampedLine {
  /** RFC3339 as sent; empty when the line had none. */
  time: string;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) ?/;

export function splitTimestamp(line: string): TimestampedLine {
  const m = STAMP.exec(line);
  return m ? { time: m[1], text: line.slice(m[0].length) } : { time: '', text: line };
}

/** A string that sorts like the instant: UTC, fraction padded to nanoseconds. */
export function timeKey(time: string): string {
  if (!time) return '';
  let t = time;
  if (!t.endsWith('Z')) {
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) return t;
    const fraction = /\.(\d+)/.exec(t)?.[1] ?? '';
    t = new Date(ms).toISOString().replace(/\.\d+Z$/, fraction ? `.${fraction}Z` : 'Z');
  }
  const m = /^(.*?:\d\d)(?:\.(\d+))?Z$/.exec(t);
  if (!m) return t;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
}
