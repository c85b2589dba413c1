import type { BenchEvent } from '../../core/bench/events.js';
import { describeLevel } from '../../core/bench/knee.js';

const num = (n: number | undefined) => (n === undefined ? '—' : String(Math.round(n)));

/** One line per event worth showing, for a terminal: rewritten in place (`\r` + clear to end of line). */
export function progressLine(event: BenchEvent, levelCount: number): string | undefined {
  switch (event.type) {
    case 'warmup':
      return `warm-up ${event.done}/${event.total}${event.sample.ok ? '' : ` (failed: ${event.sample.error?.kind})`}`;
    case 'progress': {
      const s = event.snapshot;
      const of = event.expected !== undefined ? `${s.finished}/${event.expected}` : `${s.finished} in ${(s.elapsedMs / 1000).toFixed(1)}/${((event.durationMs ?? 0) / 1000).toFixed(0)} s`;
      const bar = event.expected !== undefined ? ` ${barOf(s.finished / event.expected)}` : event.durationMs ? ` ${barOf(s.elapsedMs / event.durationMs)}` : '';
      return `level ${event.level + 1}/${levelCount} (${describeLevel(event.spec)})${bar} ${of} · ${s.rps.toFixed(1)} req/s · TTFT p50 ${num(s.ttftP50)} ms · e2e p50 ${num(s.e2eP50)} ms · ${s.errors} error${s.errors === 1 ? '' : 's'} · ${event.inFlight} in flight`;
    }
    default:
      return undefined;
  }
}

function barOf(fraction: number): string {
  const width = 20;
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** Writes progress lines in place on a terminal; `clear()` removes the last one before the report. */
export class ProgressWriter {
  private shown = false;
  constructor(private readonly write: (text: string) => void, private readonly columns = 120) {}

  show(line: string): void {
    this.write(`\r${line.slice(0, this.columns - 1)}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
