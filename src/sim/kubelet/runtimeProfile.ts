export type RuntimeKind = 'vllm-omni' | 'vllm' | 'nim' | 'nim-cache' | 'nunchaku' | 'omega' | 'generic';

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}

export interface Probe {
  httpGet?: { path?: string; port?: number | string; scheme?: string };
  tcpSocket?: { port?: number | string };
  exec?: { command?: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** What the command line and image say about the server a container runs. */
export interface RuntimeProfile {
  kind: RuntimeKind;
  /** The model as given (repo id or path); undefined for generic containers. */
  model?: string;
  /** The id `/v1/models` reports. */
  servedModel?: string;
  apiKey?: string;
  port: number;
  /** vLLM release from the image tag, undefined when the tag is not a version (then: recent). */
  vllmVersion?: string;
  tensorParallel: number;
  trustRemoteCode: boolean;
  downloadDir?: string;
  /** NIM caching job (`download-to-cache`): the profiles asked for (`--profiles`), or every profile (`--all`). */
  cacheProfiles?: string[];
  cacheAll?: boolean;
  /** NIM caching job: the model comes from Hugging Face (`--model-uri hf://…`), not NGC. */
  cacheFromHf?: boolean;
}

function flagValue(argv: string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1];
    if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
  }
  return undefined;
}

/** The container's argv: command then args, with `sh -c "…"` scripts split into words. */
export function commandLine(container: ContainerSpec): string[] {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  const shell = argv.findIndex((a) => a === '-c');
  if (shell >= 0 && /(^|\/)(ba)?sh$/.test(argv[0] ?? '')) return argv.slice(shell + 1).join(' ').split(/\s+/).filter(Boolean);
  return argv;
}

function envValue(container: ContainerSpec, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

function imageTag(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : 'latest';
}

export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
}

/** The positional model of `vllm serve <model>`, or `--model`. */
function vllmModel(argv: string[]): string | undefined {
  const serve = argv.indexOf('serve');
  if (serve >= 0 && argv[serve + 1] && !argv[serve + 1].startsWith('-')) return argv[serve + 1];
  return flagValue(argv, '--model');
}

export function runtimeProfile(container: ContainerSpec): RuntimeProfile {
  const image = container.image ?? '';
  const argv = commandLine(container);
  const joined = `${image} ${argv.join(' ')}`;
  const repository = imageRepository(image);
  const tag = imageTag(image);
  const tp = Number(flagValue(argv, '--tensor-parallel-size') ?? flagValue(argv, '-tp') ?? 1) || 1;
  const base = { tensorParallel: tp, trustRemoteCode: argv.includes('--trust-remote-code'), downloadDir: flagValue(argv, '--download-dir') };
  if (argv[0] === 'download-to-cache' || argv[0] === 'create-model-store') return nimCacheProfile(container, argv, base);
  const isVllm = /vllm/i.test(joined);
  if (isVllm && !/nvcr\.io\/nim\//.test(image)) {
    const model = vllmModel(argv) ?? envValue(container, 'MODEL') ?? 'facebook/opt-125m';
    const version = /^v?(\d+\.\d+(?:\.\d+)*(?:[.-]?(?:post|rc)\d+)?)$/.exec(tag)?.[1];
    return {
      ...base,
      kind: /vllm-omni/i.test(image) || argv.includes('--omni') ? 'vllm-omni' : 'vllm',
      model,
      servedModel: flagValue(argv, '--served-model-name') ?? model,
      apiKey: flagValue(argv, '--api-key') ?? envValue(container, 'VLLM_API_KEY'),
      port: Number(flagValue(argv, '--port') ?? 8000),
      vllmVersion: version,
    };
  }
  if (/^nvcr\.io\/nim\//.test(image)) {
    const model = envValue(container, 'NIM_MODEL_NAME') ?? repository.replace(/^nvcr\.io\/nim\//, '');
    return { ...base, kind: 'nim', model, servedModel: envValue(container, 'NIM_SERVED_MODEL_NAME') ?? model, port: Number(envValue(container, 'NIM_SERVER_PORT') ?? envValue(container, 'NIM_HTTP_API_PORT') ?? 8000) };
  }
  const firstPort = container.ports?.[0]?.containerPort ?? 8000;
  if (/nunchaku/i.test(joined)) return { ...base, kind: 'nunchaku', model: envValue(container, 'MODEL_ID'), port: firstPort };
  if (/omega/i.test(joined)) return { ...base, kind: 'omega', model: envValue(container, 'MODEL_ID'), port: firstPort };
  return { ...base, kind: 'generic', port: firstPort };
}

/** The operator's caching container: NIM's `download-to-cache` with `--profiles …` / `--all`, or `--model-uri hf://…`. */
function nimCacheProfile(container: ContainerSpec, argv: string[], base: Pick<RuntimeProfile, 'tensorParallel' | 'trustRemoteCode' | 'downloadDir'>): RuntimeProfile {
  const uri = flagValue(argv, '--model-uri');
  const at = argv.indexOf('--profiles') >= 0 ? argv.indexOf('--profiles') : argv.indexOf('--profile');
  const profiles: string[] = [];
  if (at >= 0) for (let i = at + 1; i < argv.length && !argv[i].startsWith('-'); i++) profiles.push(argv[i]);
  const model = uri?.startsWith('hf://') ? uri.slice('hf://'.length) : imageRepository(container.image ?? '').replace(/^[^/]+\.[^/]+\//, '').replace(/^nim\//, '');
  return { ...base, kind: 'nim-cache', model, port: 0, cacheProfiles: profiles, cacheAll: argv.includes('--all'), cacheFromHf: !!uri?.startsWith('hf://') };
}
