import { parseQuantity } from '../../core/nimservice/quantity.js';
import { podRequest, podResourceNames } from '../../core/cluster/podRequests.js';
import type { PodLike } from '../../core/cluster/kubeTypes.js';
import type { KubeObject } from '../store/types.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Why a node was filtered out; `preemptable` when evicting lower-priority pods could help (resources only). */
export interface NodeRejection {
  reasons: string[];
  preemptable: boolean;
}

export type Usage = Map<string, number>;

export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

export function isReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The node's taints, plus the not-ready taint the node lifecycle controller would add to a NotReady node. */
export function effectiveTaints(node: KubeObject): Taint[] {
  const taints = [...(((node.spec as { taints?: Taint[] } | undefined)?.taints) ?? [])];
  if (!isReady(node) && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable')) {
    taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  }
  return taints;
}

export function allocatable(node: KubeObject, resource: string): number {
  const status = node.status as { allocatable?: Record<string, unknown>; capacity?: Record<string, unknown> } | undefined;
  return parseQuantity(status?.allocatable?.[resource] ?? status?.capacity?.[resource]) ?? 0;
}

function matchesSelector(pod: KubeObject, node: KubeObject): boolean {
  const selector = (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector ?? {};
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const terms = (pod.spec as any).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms as
    | Array<{ matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }>
    | undefined;
  if (!terms?.length) return true;
  return terms.some((term) =>
    (term.matchExpressions ?? []).every((e) => {
      const value = labels[e.key];
      switch (e.operator) {
        case 'In': return value !== undefined && (e.values ?? []).includes(value);
        case 'NotIn': return value === undefined || !(e.values ?? []).includes(value);
        case 'Exists': return value !== undefined;
        case 'DoesNotExist': return value === undefined;
        case 'Gt': return value !== undefined && Number(value) > Number(e.values?.[0]);
        case 'Lt': return value !== undefined && Number(value) < Number(e.values?.[0]);
        default: return false;
      }
    }),
  );
}

/** What the pod asks for, per resource (requests default to limits; init containers vs the sum of the rest). */
export function podRequests(pod: KubeObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const resource of podResourceNames(pod as PodLike)) {
    const amount = podRequest(pod as PodLike, resource);
    if (amount > 0) out.set(resource, amount);
  }
  return out;
}

/**
 * What the ExtendedResourceToleration admission plugin (on in GKE, and in clusters that taint GPU nodes with
 * `nvidia.com/gpu`) adds: a pod requesting an extended resource tolerates the taint named after it. So GPU pods
 * land on GPU nodes while other pods are kept off — a GPU taint alone does not make GPUs unavailable.
 */
export function extendedResourceTolerations(pod: KubeObject): Toleration[] {
  type Containers = Array<{ resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }>;
  const spec = pod.spec as { containers?: Containers; initContainers?: Containers } | undefined;
  const names = new Set<string>();
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const key of [...Object.keys(c.resources?.requests ?? {}), ...Object.keys(c.resources?.limits ?? {})]) {
      if (key.includes('/') && !key.startsWith('kubernetes.io/') && !key.includes('.kubernetes.io/') && !key.startsWith('requests.')) names.add(key);
    }
  }
  return [...names].map((key) => ({ key, operator: 'Exists', effect: 'NoSchedule' }));
}

/**
 * The default scheduler's filters in their order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit); the first failing one decides, as in kube-scheduler. Undefined when the pod fits.
 */
export function rejectNode(pod: KubeObject, node: KubeObject, used: Usage | undefined): NodeRejection | undefined {
  const tolerations = [...((pod.spec as { tolerations?: Toleration[] }).tolerations ?? []), ...extendedResourceTolerations(pod)];
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable && !tolerates(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], preemptable: false };
  }
  const untolerated = effectiveTaints(node).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
  if (untolerated) return { reasons: [`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`], preemptable: false };
  if (!matchesSelector(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], preemptable: false };
  const insufficient: string[] = [];
  for (const [resource, amount] of podRequests(pod)) {
    const free = allocatable(node, resource) - (used?.get(resource) ?? 0);
    if (amount > free + 1e-9) insufficient.push(`Insufficient ${resource}`);
  }
  return insufficient.length ? { reasons: insufficient, preemptable: true } : undefined;
}

/**
 * kube-scheduler's FitError text: reasons as "<count> <reason>" sorted as strings, then the preemption
 * post-filter summary, e.g. `0/6 nodes are available: 6 Insufficient nvidia.com/gpu. preemption: 0/6 nodes
 * are available: 6 No preemption victims found for incoming pod.`
 */
export function fitErrorMessage(nodeCount: number, rejections: readonly NodeRejection[], preFilterMessage?: string): string {
  const histogram = new Map<string, number>();
  let preemptable = 0;
  for (const r of rejections) {
    for (const reason of r.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
    if (r.preemptable) preemptable++;
  }
  const reasons = [...histogram].map(([reason, n]) => `${n} ${reason}`).sort();
  let message = `0/${nodeCount} nodes are available:`;
  if (preFilterMessage) message += ` ${preFilterMessage}.`;
  if (reasons.length) message += ` ${reasons.join(', ')}.`;
  const notHelpful = preFilterMessage ? nodeCount : nodeCount - preemptable;
  const post = [
    ...(preemptable && !preFilterMessage ? [`${preemptable} No preemption victims found for incoming pod`] : []),
    ...(notHelpful > 0 ? [`${notHelpful} Preemption is not helpful for scheduling`] : []),
  ].sort();
  if (nodeCount > 0) message += ` preemption: 0/${nodeCount} nodes are available: ${post.join(', ')}.`;
  return message;
}
