/** What every `*.bench.ts` default export resolves to; run.ts prints the goals together at the end. */
export interface BenchResult {
  name: string;
  /** One entry per goal, e.g. "relint p95 < 16 ms (3.29 ms)". */
  goals: Array<{ description: string; met: boolean }>;
}
