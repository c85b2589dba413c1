import { randomBytes } from 'node:crypto';
import { goDuration } from '../operator/time.js';
import { pullBackoffMs } from './backoff.js';
import type { ContainerRuntime } from './containerRuntime.js';
import type { PodContext } from './podContext.js';
import { imageRepository } from './runtimeProfile.js';
import { pullError } from './registry.js';

const IMAGE_BYTES: Array<[RegExp, number]> = [
  [/vllm-omni/, 14.6e9],
  [/vllm/, 9.8e9],
  [/^nvcr\.io\/nim\//, 16.2e9],
  [/nunchaku|omega/, 11.4e9],
];
const PULL_BYTES_PER_SECOND = 150e6;

function imageBytes(image: string): number {
  return IMAGE_BYTES.find(([re]) => re.test(image))?.[1] ?? 1.2e9;
}

/** `docker.io/library/vllm@sha256:…`: the digest reference containerd reports as imageID. */
export function imageID(image: string): string {
  const repo = imageRepository(image);
  const qualified = repo.includes('/') && /[.:]/.test(repo.split('/')[0]) ? repo : `docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
  return `${qualified}@sha256:${randomBytes(32).toString('hex')}`;
}

/**
 * The kubelet's image manager for one container (pkg/kubelet/images/image_manager.go): already present, or pull
 * (Pulling → Pulled), or fail: `Failed to pull image "…": <the runtime's error>` and `Error: ErrImagePull`, the
 * container waiting in ErrImagePull with the runtime's error as message; then, while the pull backs off (10 s
 * doubling to 5 min), `Back-off pulling image "…"`, `Error: ImagePullBackOff` and the waiting message
 * `Back-off pulling image "…": ErrImagePull: <error>`. Calls `ctx.createContainer` once the image is there.
 */
export function ensureImage(ctx: PodContext, rt: ContainerRuntime, t: number): void {
  // The events name the image as the pod spec writes it (image_manager.go's requestedImage).
  const image = rt.spec.image ?? '';
  const nodeName = ctx.node.metadata.name;
  const cache = ctx.deps.imageCache.get(nodeName) ?? new Set<string>();
  ctx.deps.imageCache.set(nodeName, cache);
  const policy = (rt.spec as { imagePullPolicy?: string }).imagePullPolicy ?? (/:latest$|^[^:]*$/.test(image) ? 'Always' : 'IfNotPresent');
  if (cache.has(image) && policy !== 'Always') {
    ctx.event(t, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, rt);
    return ctx.createContainer(rt, t);
  }
  ctx.event(t, 'Normal', 'Pulling', `Pulling image "${image}"`, rt);
  const refusal = pullError(ctx.deps.store, ctx.pod, image);
  if (refusal) {
    ctx.schedule(rt, t + 1500, (tt) => {
      rt.pullFailures++;
      ctx.event(tt, 'Warning', 'Failed', `Failed to pull image "${image}": ${refusal}`, rt);
      ctx.event(tt, 'Warning', 'Failed', 'Error: ErrImagePull', rt);
      rt.state = { waiting: { reason: 'ErrImagePull', message: refusal } };
      ctx.schedule(rt, tt + 1000, (t2) => {
        ctx.event(t2, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, rt);
        ctx.event(t2, 'Warning', 'Failed', 'Error: ImagePullBackOff', rt);
        rt.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${refusal}` } };
      });
      ctx.schedule(rt, tt + pullBackoffMs(rt.pullFailures), (t2) => ensureImage(ctx, rt, t2));
    });
    return;
  }
  const pullMs = cache.has(image) ? 600 : (imageBytes(image) / PULL_BYTES_PER_SECOND) * 1000;
  ctx.schedule(rt, t + pullMs, (tt) => {
    cache.add(image);
    rt.pullFailures = 0;
    ctx.event(tt, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(pullMs)} including waiting). Image size: ${Math.round(imageBytes(image))} bytes.`, rt);
    ctx.createContainer(rt, tt);
  });
}
