/** Hugging Face model ids (`org/name`, `hf://org/name`) as opposed to local paths or NGC model names. */
export function huggingFaceModelId(model: string | undefined): string | undefined {
  if (!model) return undefined;
  const id = model.replace(/^hf:\/\//, '');
  return /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(id) ? id : undefined;
}

export const HF_HOME_ON_PVC = '/model-store/huggingface';
/** Where the operator mounts `spec.storage` in the container. */
export const MODEL_STORE = '/model-store';

export function isOnModelStore(path: unknown): boolean {
  return typeof path === 'string' && (path === MODEL_STORE || path.startsWith(`${MODEL_STORE}/`));
}
