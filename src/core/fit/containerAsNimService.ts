import type { NimService } from '../kube/nimService.js';
import type { ManifestDocument } from '../manifest/manifestDocument.js';
import type { ServingContainer } from '../workload/servingContainer.js';

/**
 * A NIMService document with only the fields the estimate reads (name, image, command line, env, resources,
 * nodeSelector), read path by path: converting the whole document costs seconds on a large or mangled manifest,
 * and this runs on every keystroke.
 */
export function nimServiceFitFields(d: ManifestDocument): NimService {
  const spec = (path: string) => d.valueAt(['spec', path]) as never;
  return {
    metadata: { name: d.name },
    spec: { image: spec('image'), command: spec('command'), args: spec('args'), env: spec('env'), resources: spec('resources'), nodeSelector: spec('nodeSelector') },
  };
}

/**
 * A serving container of any workload kind in the shape the fit estimate reads (a NIMService's spec): its image,
 * command line as the server sees it (the image's entrypoint included), env, resources and the pod's nodeSelector.
 */
export function containerAsNimService(container: ServingContainer): NimService {
  const d = container.document;
  const podSpec = container.template?.podSpec;
  const resources = d.valueAt(container.paths.resources) as NonNullable<NimService['spec']>['resources'];
  const nodeSelector = podSpec ? (d.valueAt([...podSpec, 'nodeSelector']) as Record<string, string> | undefined) : undefined;
  const words = container.tokens.map((t) => t.text);
  return {
    metadata: { name: String(d.valueAt(['metadata', 'name']) ?? container.name ?? '') },
    spec: {
      image: container.image ? { repository: container.image.repository, tag: container.image.tag } : undefined,
      command: words.slice(0, 1),
      args: words.slice(1),
      env: container.env.map((e) => ({ name: e.name, value: typeof e.value === 'string' ? e.value : undefined })),
      resources: resources && typeof resources === 'object' ? resources : undefined,
      nodeSelector: nodeSelector && typeof nodeSelector === 'object' ? nodeSelector : undefined,
    },
  };
}

/**
 * Whether the estimate applies to a workload container: a vLLM or vLLM-omni server that holds the model (not a
 * LeaderWorkerSet worker running only Ray, not a KServe runtime's defaults).
 */
export function isFitCandidate(container: ServingContainer): boolean {
  if (container.runtime !== 'vllm' && container.runtime !== 'vllm-omni') return false;
  return container.template?.role !== 'worker' && container.template?.role !== 'runtime';
}
