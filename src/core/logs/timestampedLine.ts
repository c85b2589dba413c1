/** A log line as the API server sends it with `timestamps=true`: `2025-01-01T00:00:01.123456789Z text`. */
export interface TimestampedLine {
  /** RFC3339 as sent; empty when the line had none. */
  time: string;
  text: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) ?/;

export function splitTimestamp(line: string): TimestampedLine {
  // What STAMP matches, read by hand: this runs on every line of a followed log.
  const end = stampEnd(line);
  if (end === 0) return { time: '', text: line };
  return { time: line.slice(0, end), text: line.slice(line.charCodeAt(end) === 32 ? end + 1 : end) };
}

/** The length of the RFC3339 timestamp STAMP would match at the start of the line, else 0. */
function stampEnd(line: string): number {
  if (line.length < 20) return 0;
  for (let i = 0; i < 19; i++) {
    const c = line.charCodeAt(i);
    const expected = STAMP_SHAPE.charCodeAt(i);
    if (expected === 100 /* d */ ? c < 48 || c > 57 : c !== expected) return 0;
  }
  let i = 19;
  if (line.charCodeAt(i) === 46 /* . */) {
    let digits = 0;
    while (isDigit(line.charCodeAt(i + 1 + digits))) digits++;
    if (digits >= 1 && digits <= 9) i += 1 + digits;
  }
  const zone = line.charCodeAt(i);
  if (zone === 90 /* Z */) return i + 1;
  if ((zone === 43 || zone === 45) && isDigit(line.charCodeAt(i + 1)) && isDigit(line.charCodeAt(i + 2)) && line.charCodeAt(i + 3) === 58 && isDigit(line.charCodeAt(i + 4)) && isDigit(line.charCodeAt(i + 5))) return i + 6;
  return 0;
}

const STAMP_SHAPE = 'dddd-dd-ddTdd:dd:dd';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The reference for splitTimestamp (tests compare the two). */
export function splitTimestampByRegExp(line: string): TimestampedLine {
  const m = STAMP.exec(line);
  return m ? { time: m[1], text: line.slice(m[0].length) } : { time: '', text: line };
}

const NANO_ZEROS = '000000000';

/** A string that sorts like the instant: UTC, fraction padded to nanoseconds. */
export function timeKey(time: string): string {
  if (!time) return '';
  // The usual case, UTC as the API server sends it: the fraction padded, no parsing.
  const end = stampEnd(time);
  if (end === time.length && time.charCodeAt(end - 1) === 90 /* Z */) {
    return end === 20 ? `${time.slice(0, 19)}.000000000` : time.slice(0, end - 1) + NANO_ZEROS.slice(end - 21);
  }
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
