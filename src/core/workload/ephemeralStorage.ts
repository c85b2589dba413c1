import { parseQuantity } from '../nimservice/quantity.js';
import type { ServingContainer } from './servingContainer.js';

/** An ephemeral-storage request at least this large is taken as sized for the model. */
export const INFORMED_EPHEMERAL_REQUEST = 50 * 2 ** 30;

/** The ephemeral-storage the container sets (its limit, else its request), in bytes; undefined when it sets none. */
export function ephemeralStorageBytes(container: ServingContainer): number | undefined {
  const d = container.document;
  return parseQuantity(d.valueAt([...container.paths.resources, 'limits', 'ephemeral-storage']))
    ?? parseQuantity(d.valueAt([...container.paths.resources, 'requests', 'ephemeral-storage']));
}

/**
 * The container sets ephemeral storage deliberately: with the weights' size known, enough room for them (×1.2 for
 * the download's temporary files); without it, any limit, or a request of 50Gi or more.
 */
export function hasInformedEphemeralStorage(container: ServingContainer, weightsBytes?: number): boolean {
  const d = container.document;
  const limit = d.valueAt([...container.paths.resources, 'limits', 'ephemeral-storage']);
  const set = ephemeralStorageBytes(container);
  if (weightsBytes !== undefined && set !== undefined) return set >= weightsBytes * 1.2;
  if (limit !== undefined && limit !== null && limit !== '') return true;
  const request = parseQuantity(d.valueAt([...container.paths.resources, 'requests', 'ephemeral-storage']));
  return request !== undefined && request >= INFORMED_EPHEMERAL_REQUEST;
}

/** Where Hugging Face puts downloads in this container: $HF_HOME (TGI's image: /data), else ~/.cache/huggingface as root. */
export function huggingFaceCacheDir(container: ServingContainer): string {
  const home = container.env.find((e) => e.name === 'HF_HOME')?.value;
  if (typeof home === 'string' && home.startsWith('/')) return home;
  const download = container.invocation?.flags.find((f) => f.name === 'download-dir' || f.name === 'huggingface-hub-cache')?.value;
  if (download?.startsWith('/')) return download;
  if (container.runtime === 'tgi') return '/data';
  return '/root/.cache/huggingface';
}
