import { ClusterTargetError } from '../../core/kube/kubeAccess.js';
import { parseTarget, TargetSyntaxError } from '../../core/kube/target.js';
import { openKube, type KubeAccess } from '../../core/kube/kubeAccess.js';
import type { CliIo } from '../io.js';
import { UsageError } from '../usageError.js';

export const clusterOptionSpecs = {
  namespace: { type: 'string', short: 'n' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
} as const;

export function openCliKube(values: { kubeconfig?: string; context?: string }, io: CliIo): KubeAccess {
  try {
    return openKube({ kubeconfig: values.kubeconfig, context: values.context, env: io.env });
  } catch (error) {
    if (error instanceof ClusterTargetError) throw new UsageError(error.message);
    throw error;
  }
}

export interface CliTarget {
  namespace: string;
  kind: 'nimservice' | 'pod';
  name: string;
}

/** TARGET in the one grammar (src/core/kube/target.ts); the context's namespace where it names none. */
export function parseCliTarget(target: string, namespace: string | undefined, defaultNamespace: string): CliTarget {
  try {
    const parsed = parseTarget(target, namespace);
    return { namespace: parsed.namespace ?? defaultNamespace, kind: parsed.kind, name: parsed.name };
  } catch (error) {
    if (error instanceof TargetSyntaxError) throw new UsageError(error.message);
    throw error;
  }
}
