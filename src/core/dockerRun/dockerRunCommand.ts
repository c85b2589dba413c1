import type { NimService } from '../kube/nimService.js';
import { gpusPerReplica } from '../kube/nimService.js';
import { shellQuote } from './shellQuote.js';

export interface DockerRunOptions {
  /** Host folder for the model cache, mounted where the pod has its PVC (default `$HOME/.cache/ies-model-store`). */
  cacheDir?: string;
}

const MODEL_STORE = '/model-store';

/** Docker memory units: `32Gi` → `32g`, `512Mi` → `512m`. */
export function dockerSize(quantity: string | number): string {
  const m = /^(\d+(?:\.\d+)?)([KMGT])i?$/.exec(String(quantity));
  return m ? `${m[1]}${m[2].toLowerCase()}` : String(quantity);
}

/**
 * The local equivalent of a NIMService (the image-edit recipe's `docker run --gpus all -e HF_TOKEN … vllm/vllm-omni … --omni
 * --port 8000`): GPUs, env (Secret-backed variables pass through from the shell, never a value), /dev/shm, the
 * model cache where the operator mounts the PVC, the service port, the image and the effective command line.
 */
export function dockerRunCommand(nim: NimService, options: DockerRunOptions = {}): string {
  const spec = nim.spec ?? {};
  const words: string[][] = [['docker', 'run', '--rm', '-it']];
  const gpus = gpusPerReplica(nim);
  words.push(['--gpus', gpus > 0 ? String(gpus) : 'all']);
  const shm = spec.storage?.sharedMemorySizeLimit;
  words.push(shm ? ['--shm-size', dockerSize(shm)] : ['--ipc', 'host']);
  const passThrough = new Set<string>();
  if (spec.authSecret) passThrough.add('NGC_API_KEY');
  const literal: Array<[string, string]> = [];
  for (const env of spec.env ?? []) {
    if (!env.name) continue;
    if (env.valueFrom?.secretKeyRef) passThrough.add(env.name);
    else if (env.value !== undefined) literal.push([env.name, String(env.value)]);
  }
  for (const name of passThrough) words.push(['-e', name]);
  const hasStorage = Boolean(spec.storage && (spec.storage.pvc || spec.storage.nimCache || (spec.storage as Record<string, unknown>).emptyDir || (spec.storage as Record<string, unknown>).hostPath));
  if (hasStorage && !literal.some(([k]) => k === 'NIM_CACHE_PATH')) literal.unshift(['NIM_CACHE_PATH', MODEL_STORE]);
  for (const [k, v] of literal) words.push(['-e', `${k}=${v}`]);
  const cacheDir = options.cacheDir ?? '"$HOME/.cache/ies-model-store"';
  const usesHfHome = literal.some(([k, v]) => k === 'HF_HOME' && v.startsWith(MODEL_STORE));
  if (hasStorage || usesHfHome) words.push(['-v', `${cacheDir}:${MODEL_STORE}`]);
  else words.push(['-v', `${options.cacheDir ?? '"$HOME/.cache/huggingface"'}:/root/.cache/huggingface`]);
  const port = spec.expose?.service?.port ?? 8000;
  words.push(['-p', `${port}:${port}`]);
  const command = spec.command ?? [];
  if (command.length) words.push(['--entrypoint', command[0]]);
  const image = `${spec.image?.repository ?? '<image>'}${spec.image?.tag ? `:${spec.image.tag}` : ''}`;
  words.push([image, ...command.slice(1), ...(spec.args ?? [])]);
  return words.map((group) => group.map((w, i) => (w.startsWith('"$HOME') || (group[0] === '-v' && i === 1 && w.startsWith('"$HOME')) ? w : shellQuote(w))).join(' ')).join(' \\\n  ');
}
