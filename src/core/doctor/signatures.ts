import { literal, type Signature } from './signature.js';
import { ACCESS_SIGNATURES } from './signatures/access.js';
import { GPU_SIGNATURES } from './signatures/gpu.js';
import { GENERIC_KUBERNETES_SIGNATURES, KUBERNETES_SIGNATURES } from './signatures/kubernetes.js';
import { MEMORY_SIGNATURES } from './signatures/memory.js';
import { MODEL_SIGNATURES } from './signatures/model.js';
import { NETWORK_SIGNATURES } from './signatures/network.js';
import { STORAGE_SIGNATURES } from './signatures/storage.js';
import { WRAPPER_SIGNATURES } from './signatures/wrappers.js';

export { literal, type Signature };

/**
 * The known failure signatures of the servers, the operator and Kubernetes, one row each, by family. Rows are tried
 * in this order and the first match wins a line, so a row comes before the rows it overlaps with: a missing Secret
 * before a failed mount, an image that does not exist before a refused pull, every specific row before the generic
 * Kubernetes ones.
 */
export const SIGNATURES: readonly Signature[] = [
  ...ACCESS_SIGNATURES,
  ...STORAGE_SIGNATURES,
  ...MEMORY_SIGNATURES,
  ...MODEL_SIGNATURES,
  ...GPU_SIGNATURES,
  ...NETWORK_SIGNATURES,
  ...KUBERNETES_SIGNATURES,
  ...WRAPPER_SIGNATURES,
  ...GENERIC_KUBERNETES_SIGNATURES,
];

export function signatureById(id: string): Signature | undefined {
  return SIGNATURES.find((s) => s.id === id);
}
