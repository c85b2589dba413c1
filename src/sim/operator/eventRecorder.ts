import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore, SimClock } from '../store/types.js';
import { KEYS } from './storeKeys.js';
import { isoSeconds } from './time.js';

export interface EventInput {
  involved: KubeObject;
  /** e.g. `spec.containers{main}` for container events. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  component: string;
  host?: string;
  /** When it happened (a replayed history passes past times); default now. */
  at?: Date;
}

/**
 * Writes core/v1 Events the way the kubelet's and controllers' recorders do: a repeat of the same
 * (object, reason, message) bumps `count` and `lastTimestamp` of the existing Event instead of adding one.
 */
export class EventRecorder {
  private readonly names = new Map<string, string>();

  constructor(private readonly store: ObjectStore, private readonly clock: SimClock) {}

  record(input: EventInput): KubeObject | undefined {
    const meta = input.involved.metadata;
    const namespace = meta.namespace ?? 'default';
    const at = isoSeconds(input.at ?? this.clock.now());
    const dedupeKey = [meta.uid, input.fieldPath ?? '', input.reason, input.message, input.type].join('\u0000');
    const existingName = this.names.get(dedupeKey);
    const existing = existingName ? this.store.get(KEYS.events, namespace, existingName) : undefined;
    try {
      if (existing) {
        return this.store.update(KEYS.events, { ...existing, count: ((existing.count as number) ?? 1) + 1, lastTimestamp: at, metadata: { ...existing.metadata, resourceVersion: undefined } });
      }
      const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
      this.names.set(dedupeKey, name);
      return this.store.create(KEYS.events, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: input.involved.apiVersion,
          kind: input.involved.kind,
          name: meta.name,
          namespace: meta.namespace,
          uid: meta.uid,
          resourceVersion: meta.resourceVersion,
          ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
        },
        reason: input.reason,
        message: input.message,
        source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
        type: input.type,
        eventTime: null,
        reportingComponent: input.component,
        reportingInstance: input.host ?? '',
      });
    } catch {
      // The namespace may be going away; events are best effort, as in Kubernetes.
      return undefined;
    }
  }

  /** Forget events of a deleted object so the map does not grow without bound. */
  forget(uid: string | undefined): void {
    if (!uid) return;
    for (const key of [...this.names.keys()]) if (key.startsWith(`${uid}\u0000`)) this.names.delete(key);
  }
}
