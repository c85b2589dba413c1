import { seededRandom } from '../image/hash.js';

export { seededRandom };

/** Gaps (ms) between Poisson arrivals at `rate` requests per second: exponentially distributed, from a seeded source. */
export function poissonGaps(rate: number, random: () => number): () => number {
  if (!(rate > 0)) throw new Error(`rate must be positive, got ${rate}`);
  return () => (-Math.log(1 - random()) / rate) * 1000;
}
