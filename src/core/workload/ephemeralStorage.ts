import { parseQuantity } from '../nimservice/quantity.js';
import type { ServingContainer } from './servingContainer.js';

/** An ephemeral-storage request at least this large is taken as sized for the model. */
export const INFORMED_EPHEMERAL_REQUEST = 50 * 2 ** 30;

/** The container sets ephemeral storage deliberately: any limit, or a request of 50Gi or more. */
export function hasInformedEphemeralStorage(container: ServingContainer): boolean {
  const d = container.document;
  const limit = d.valueAt([...container.paths.resources, 'limits', 'ephemeral-storage']);
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
