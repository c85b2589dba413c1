// The numbered log lines the load test's pods write; the measured side reads the number back to find gaps, repeats
// and reordering in what Stream Logs delivered.
export const logLine = (pod: string, n: number, at: Date) => `INFO ${at.toISOString()} ${pod} seq=${n} "POST /v1/chat/completions HTTP/1.1" 200 OK`;

export const seqOf = (text: string): number | undefined => {
  const match = / seq=(\d+) /.exec(text);
  return match ? Number(match[1]) : undefined;
};

/** Per-stream bookkeeping: what arrived, and whatever did not arrive in order. */
export class SeqTracker {
  first?: number;
  last = -1;
  received = 0;
  gaps = 0;
  repeats = 0;
  unreadable = 0;

  add(text: string): void {
    const n = seqOf(text);
    if (n === undefined) {
      this.unreadable++;
      return;
    }
    this.received++;
    if (this.first === undefined) this.first = n;
    else if (n <= this.last) {
      this.repeats++;
      return;
    } else this.gaps += n - this.last - 1;
    this.last = n;
  }

  /** Lines missing between the first one shown (the tail's start) and the last one the pod wrote. */
  lost(writtenCount: number): number {
    return this.gaps + Math.max(0, writtenCount - 1 - this.last);
  }
}
