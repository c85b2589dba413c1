import type { SimClock } from './store/types.js';

/** Simulated time running `speed` × real time from the moment it is made. */
export function createSimClock(speed = 1, start: Date = new Date()): SimClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`--speed must be a positive number, got ${speed}`);
  const realStart = Date.now();
  return {
    speed,
    now: () => new Date(start.getTime() + (Date.now() - realStart) * speed),
    setTimeout: (fn, simulatedMs) => setTimeout(fn, Math.max(0, simulatedMs / speed)),
  };
}

/** `createClock(60)`: one real second is a simulated minute (a 20-minute download takes 20 s). */
export function createClock(speed = 1, start?: Date): SimClock {
  return createSimClock(speed, start);
}
