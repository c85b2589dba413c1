import type { ServingContainer } from './servingContainer.js';
import { imageAccelerator } from '../nimservice/image.js';

export type Accelerator = 'nvidia' | 'tpu' | 'amd' | 'gaudi' | 'intel' | 'neuron' | 'cpu';

export interface ContainerAccelerators {
  /** Kinds of accelerator the container asks for (resources, DRA claims, TPU node selectors) or its image is built for. */
  kinds: Set<Accelerator>;
  /** `nvidia.com/gpu` in limits (else requests); undefined when not a whole number. */
  nvidiaGpus?: number;
  /** Any device at all: a GPU/TPU resource, MIG slice, DRA claim, or NVIDIA_VISIBLE_DEVICES. */
  requested: boolean;
}

const RESOURCE_KINDS: Array<[RegExp, Accelerator]> = [
  [/^nvidia\.com\//, 'nvidia'],
  [/^google\.com\/tpu$/, 'tpu'],
  [/^amd\.com\/gpu$/, 'amd'],
  [/^habana\.ai\//, 'gaudi'],
  [/^gpu\.intel\.com\//, 'intel'],
  [/^aws\.amazon\.com\/neuron/, 'neuron'],
];

type Json = Record<string, unknown>;

export function containerAccelerators(container: ServingContainer): ContainerAccelerators {
  const d = container.document;
  const resources = d.valueAt(container.paths.resources) as Json | undefined;
  const limits = (resources && typeof resources === 'object' ? resources.limits : undefined) as Json | undefined;
  const requests = (resources && typeof resources === 'object' ? resources.requests : undefined) as Json | undefined;
  const kinds = new Set<Accelerator>();
  let requested = false;
  for (const source of [limits, requests]) {
    if (!source || typeof source !== 'object') continue;
    for (const key of Object.keys(source)) {
      const kind = RESOURCE_KINDS.find(([pattern]) => pattern.test(key))?.[1];
      if (kind) {
        kinds.add(kind);
        requested = true;
      }
    }
  }
  const gpuValue = (limits as Json | undefined)?.['nvidia.com/gpu'] ?? (requests as Json | undefined)?.['nvidia.com/gpu'];
  const gpuNumber = typeof gpuValue === 'string' ? Number(gpuValue) : gpuValue;
  const nvidiaGpus = typeof gpuNumber === 'number' && Number.isInteger(gpuNumber) && gpuNumber >= 0 ? gpuNumber : undefined;
  const template = container.template;
  if (template) {
    const claims = d.valueAt([...template.podSpec, 'resourceClaims']);
    const containerClaims = (resources as Json | undefined)?.claims;
    if ((Array.isArray(claims) && claims.length) || (Array.isArray(containerClaims) && containerClaims.length)) requested = true;
    const selector = d.valueAt([...template.podSpec, 'nodeSelector']);
    if (selector && typeof selector === 'object' && Object.keys(selector).some((k) => /tpu/i.test(k))) kinds.add('tpu');
  } else {
    const dra = d.valueAt(['spec', 'draResources']);
    if (Array.isArray(dra) && dra.length) requested = true;
  }
  if (container.env.some((e) => e.name === 'NVIDIA_VISIBLE_DEVICES' && e.value !== undefined && e.value !== 'void' && e.value !== 'none')) requested = true;
  const imageKind = container.image ? imageAccelerator(container.image.repository) : undefined;
  if (imageKind) kinds.add(imageKind);
  const target = container.env.find((e) => e.name === 'VLLM_TARGET_DEVICE')?.value;
  const device = target ?? container.invocation?.flags.find((f) => f.name === 'device')?.value;
  if (device === 'cpu' || device === 'tpu') kinds.add(device);
  return { kinds, nvidiaGpus, requested };
}

/** Runs on something other than NVIDIA GPUs (TPU, AMD, Gaudi, Intel, Neuron, CPU). */
export function isNonNvidia(accelerators: ContainerAccelerators): boolean {
  return [...accelerators.kinds].some((k) => k !== 'nvidia');
}
