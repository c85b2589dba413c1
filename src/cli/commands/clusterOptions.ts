import { ClusterTargetError } from '../../core/health/clusterTarget.js';
import { openKube, type KubeAccess } from '../../core/launch/kubeAccess.js';
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

/** `pod/NAME`, `nimservice/NAME`, `NAMESPACE/NAME` (a NIMService) or a bare NIMService name; `-n` or the context's namespace otherwise. */
export function parseCliTarget(target: string, namespace: string | undefined, defaultNamespace: string): CliTarget {
  const parts = target.split('/');
  if (parts.length > 2 || parts.some((p) => !p)) throw new UsageError(`cannot read TARGET ${JSON.stringify(target)}: use pod/NAME, nimservice/NAME or NAMESPACE/NAME`);
  if (parts.length === 1) return { namespace: namespace ?? defaultNamespace, kind: 'nimservice', name: parts[0] };
  if (/^(po|pods?)$/i.test(parts[0])) return { namespace: namespace ?? defaultNamespace, kind: 'pod', name: parts[1] };
  if (/^nimservices?(\.apps\.nvidia\.com)?$/i.test(parts[0])) return { namespace: namespace ?? defaultNamespace, kind: 'nimservice', name: parts[1] };
  if (namespace && namespace !== parts[0]) throw new UsageError(`TARGET says namespace ${parts[0]} but -n says ${namespace}`);
  return { namespace: parts[0], kind: 'nimservice', name: parts[1] };
}
