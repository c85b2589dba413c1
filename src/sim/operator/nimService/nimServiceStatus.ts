import { isoSeconds } from '../time.js';

export type NimState = 'Pending' | 'NotReady' | 'Ready' | 'Failed';

/** A status condition as the operator writes it (metav1.Condition), on NIMServices and NIMCaches alike. */
export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** The operator's Ready / Failed condition pair for a state (internal/conditions/conditions.go). */
export function nimConditions(state: NimState, reason: string, message: string, previous: Condition[] | undefined, now: Date, generation: number | undefined): Condition[] {
  const make = (type: string, status: boolean, r: string, m: string): Condition => {
    const before = previous?.find((c) => c.type === type);
    const s = status ? 'True' : 'False';
    return { type, status: s, reason: r, message: m, lastTransitionTime: before?.status === s ? before.lastTransitionTime : isoSeconds(now), observedGeneration: generation };
  };
  if (state === 'Ready') return [make('Ready', true, 'Ready', message), make('Failed', false, 'Ready', '')];
  if (state === 'Failed') return [make('Ready', false, 'Failed', ''), make('Failed', true, reason, message)];
  return [make('Ready', false, reason, message), make('Failed', false, 'Ready', '')];
}
