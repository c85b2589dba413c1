import type { KubeObject, ObjectStore } from '../store/types.js';
import { KEYS } from '../operator/storeKeys.js';
import { imageRepository } from './runtimeProfile.js';

/**
 * What the simulated registries answer a pull, as containerd reports it through the CRI (the kubelet puts this
 * string after `Failed to pull image "…": ` in its event, and as the ErrImagePull waiting message):
 * - nvcr.io without a pull secret: the anonymous token request is refused (401 Unauthorized);
 * - a tag the repository never published (vllm/vllm-openai tags are `vX.Y.Z`, NIM tags are versions): not found.
 * Undefined when the pull succeeds.
 */
export function pullError(store: ObjectStore, pod: KubeObject, image: string): string | undefined {
  const ref = qualifiedReference(image);
  if (/^nvcr\.io\//.test(image) && !hasPullSecret(store, pod)) {
    const scope = encodeURIComponent(`repository:${imageRepository(image).replace(/^nvcr\.io\//, '')}:pull`);
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://nvcr.io/proxy_auth?${scope ? `scope=${scope}&` : ''}service=nvcr.io: 401 Unauthorized`;
  }
  if (!published(image)) return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
  return undefined;
}

/** `nginx` → `nginx:latest`: the kubelet's applyDefaultImageTag (the name stays as written). */
function withDefaultTag(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  return image.lastIndexOf(':') > lastSlash ? image : `${image}:latest`;
}

/** `vllm/vllm-openai:v0.11.0` → `docker.io/vllm/vllm-openai:v0.11.0`: the reference containerd resolves. */
function qualifiedReference(image: string): string {
  const tagged = withDefaultTag(image);
  const first = tagged.split('/')[0];
  if (tagged.includes('/') && (/[.:]/.test(first) || first === 'localhost')) return tagged;
  return `docker.io/${tagged.includes('/') ? tagged : `library/${tagged}`}`;
}

function hasPullSecret(store: ObjectStore, pod: KubeObject): boolean {
  const secrets = (pod.spec as { imagePullSecrets?: Array<{ name: string }> }).imagePullSecrets ?? [];
  return secrets.some((s) => store.get(KEYS.secrets, pod.metadata.namespace, s.name));
}

/** Tags the well-known repositories publish; any tag of any other repository exists. */
const TAGS: Array<[RegExp, RegExp]> = [
  [/^(docker\.io\/)?vllm\/vllm-openai$/, /^(latest|nightly(-[\w.-]+)?|v\d+\.\d+\.\d+([.-]?(post|rc)\d+)?(-[\w.-]+)?|[0-9a-f]{40})$/],
  [/^nvcr\.io\/nim\//, /^(latest|\d+(\.\d+)*(-[\w.-]+)?)$/],
];

function published(image: string): boolean {
  if (image.includes('@')) return true;
  const repository = imageRepository(image);
  const tag = withDefaultTag(image).slice(repository.length + 1);
  const rule = TAGS.find(([repo]) => repo.test(repository));
  return !rule || rule[1].test(tag);
}
