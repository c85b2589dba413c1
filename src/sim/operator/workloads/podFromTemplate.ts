import type { KubeObject } from '../../store/types.js';
import { ownerReference } from '../nimService/renderNimService.js';

type Container = Record<string, unknown> & { resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } };

/** The API server copies a limit into the request when only the limit is set. */
function defaultRequests(container: Container): Container {
  const limits = container.resources?.limits;
  if (!limits) return container;
  return { ...container, resources: { ...container.resources, requests: { ...limits, ...(container.resources?.requests ?? {}) } } };
}

const defaultTolerations = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** A pod as a workload controller creates it from its template (with the API server's defaults applied). */
export function podFromTemplate(owner: KubeObject, template: Record<string, any>, name: string, extraLabels: Record<string, string> = {}): KubeObject {
  const spec = structuredClone(template.spec ?? {}) as Record<string, any>;
  spec.containers = (spec.containers ?? []).map(defaultRequests);
  if (spec.initContainers) spec.initContainers = spec.initContainers.map(defaultRequests);
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.serviceAccountName ??= 'default';
  spec.enableServiceLinks ??= true;
  spec.tolerations = [...(spec.tolerations ?? []), ...defaultTolerations.filter((d) => !(spec.tolerations ?? []).some((t: { key?: string }) => t.key === d.key))];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      ...(template.metadata?.annotations && Object.keys(template.metadata.annotations).length ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerReference(owner)],
    },
    spec,
    status: { phase: 'Pending', qosClass: qosClass(spec.containers) },
  };
}

function qosClass(containers: Container[]): string {
  const all = containers.map((c) => ({ limits: c.resources?.limits ?? {}, requests: c.resources?.requests ?? {} }));
  if (all.every((c) => Object.keys(c.limits).length === 0 && Object.keys(c.requests).length === 0)) return 'BestEffort';
  const guaranteed = all.every((c) => ['cpu', 'memory'].every((r) => c.limits[r] !== undefined && String(c.limits[r]) === String(c.requests[r] ?? c.limits[r])));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pods still counted by their controller: not finished and not being deleted. */
export function isActivePod(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function ownedBy(object: KubeObject, owner: KubeObject): boolean {
  return !!object.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid);
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style random suffix, e.g. `x7k2q`. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

/** Stable short hash of a pod template, like the `pod-template-hash` label. */
export function templateHash(template: unknown): string {
  const text = JSON.stringify(template);
  let h1 = 0x811c9dc5;
  let h2 = 0x12345678;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  let n = BigInt(h1) * 4294967296n + BigInt(h2);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += alphabet[Number(n % BigInt(alphabet.length))];
    n /= BigInt(alphabet.length);
  }
  return out;
}
