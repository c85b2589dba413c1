import { literal, type Signature } from '../signature.js';
import type { ManifestFix } from '../types.js';

/** Host memory (the pod's limit, Ray's monitor) and GPU memory (weights, activations, KV cache, other tenants). */
export const MEMORY_SIGNATURES: Signature[] = [
  {
    id: 'oom-killed',
    title: 'OOMKilled (memory limit exceeded)',
    keywords: ['OOMKilled', '[Ee]xit ?[Cc]ode[:=]? *137', literal('low on resource: memory')],
    patterns: [/\bOOMKilled\b/, /[Ee]xit ?[Cc]ode[:=]? *137\b/, /low on resource: memory/],
    role: 'cause',
    severity: 'error',
    cause: 'The container exceeded spec.resources.limits.memory and was killed (exit code 137). Shared memory (/dev/shm) counts against this limit too.',
    fix: 'Raise spec.resources.limits.memory (above spec.storage.sharedMemorySizeLimit plus the model server’s CPU memory).',
    manifestFix: { kind: 'raise-memory-limit' },
  },
  {
    id: 'ray-worker-host-oom',
    title: 'Ray killed the workers: host memory exhausted',
    keywords: [literal('killed due to memory pressure (OOM)')],
    patterns: [/killed due to memory pressure \(OOM\)/],
    role: 'cause',
    severity: 'error',
    cause: "Ray's memory monitor killed vLLM's Ray workers because the node or the pod's memory limit ran out of host RAM; the GPU is not the problem. The engine then fails with a dead-worker error that only wraps this.",
    fix: 'Raise spec.resources.limits.memory (and requests) of the Ray head and worker pods, or lower host-memory use (smaller batches, a smaller --swap-space in spec.args); raise env RAY_memory_usage_threshold only when the node really has headroom.',
    manifestFix: { kind: 'raise-memory-limit' },
  },
  {
    id: 'cuda-oom',
    title: 'CUDA out of memory',
    keywords: [literal('CUDA out of memory'), 'OutOfMemoryError'],
    patterns: [/CUDA out of memory/, /torch\.(?:cuda\.)?OutOfMemoryError/],
    role: 'cause',
    severity: 'error',
    cause: 'The model, activations and KV cache do not fit in GPU memory.',
    fix: 'Lower --gpu-memory-utilization (e.g. 0.80) or --max-model-len (e.g. 8192) in spec.args, or spread the model over more GPUs (--tensor-parallel-size 2 with spec.resources.limits["nvidia.com/gpu"]: 2).',
  },
  {
    id: 'gpu-memory-utilization-below-free',
    title: 'GPU memory already taken: free memory below --gpu-memory-utilization',
    keywords: [literal('on startup is less than desired GPU memory utilization')],
    patterns: [/Free memory on device (?:cuda:\d+ )?\([\d.]+\/[\d.]+ GiB\) on startup is less than desired GPU memory utilization/],
    role: 'cause',
    severity: 'error',
    cause: 'When vLLM starts, less GPU memory is free than --gpu-memory-utilization asks for: another process, another vLLM instance or another vLLM-omni stage on the same GPU already holds it.',
    fix: 'Lower --gpu-memory-utilization in spec.args below the free fraction the log shows (free ÷ total), or give the server a GPU of its own; for vLLM-omni, make the stages’ gpu_memory_utilization on one GPU add up to less than 1 (e.g. 0.5 and 0.3) or put the stages on different GPUs.',
    refine: refineUtilization,
  },
  {
    id: 'kv-cache-too-small',
    title: 'KV cache cannot hold max-model-len',
    keywords: [literal('stored in KV cache'), literal('available KV cache memory'), literal('No available memory for the cache blocks')],
    patterns: [
      /max seq len.*larger than the maximum number of tokens that can be stored in KV cache/,
      /larger than the available KV cache memory/,
      /No available memory for the cache blocks/,
    ],
    role: 'cause',
    severity: 'error',
    cause: "After loading the weights, the GPU memory left for the KV cache cannot hold one sequence of the model's max length.",
    fix: 'Lower --max-model-len in spec.args (e.g. --max-model-len 8192; the log often states the estimated maximum) or raise --gpu-memory-utilization (e.g. 0.95).',
    refine: refineMaxModelLen,
  },
  {
    id: 'sglang-mem-fraction-too-small',
    title: 'SGLang: no memory left for the KV cache pool',
    keywords: [literal('Please try to increase --mem-fraction-static')],
    patterns: [/Not enough memory\. Please try to increase --mem-fraction-static/],
    role: 'cause',
    severity: 'error',
    cause: 'After SGLang loaded the weights, the share of GPU memory set by --mem-fraction-static leaves no room for the KV cache pool.',
    fix: 'Raise --mem-fraction-static in spec.args (e.g. 0.9) if the GPU has headroom; otherwise spread the model over more GPUs (--tp 2 with spec.resources.limits["nvidia.com/gpu"]: 2), use a quantized checkpoint, or lower --context-length.',
  },
];

/** `Free memory on device (31.44/47.38 GiB) … (0.95, 45.01 GiB)`: a utilization that fits what is free. */
function refineUtilization(evidence: string): { fix: string; manifestFix?: ManifestFix } | undefined {
  const m = /\(([\d.]+)\/([\d.]+) GiB\) on startup is less than desired GPU memory utilization \(([\d.]+)/.exec(evidence);
  if (!m) return undefined;
  const [free, total, asked] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const fraction = free / total;
  if (!(fraction > 0) || !(total > 0)) return undefined;
  if (fraction < 0.2) {
    return {
      fix: `Only ${m[1]} of ${m[2]} GiB is free (${Math.round(fraction * 100)}%): another process holds this GPU. Give the server a GPU of its own or stop the other process; for vLLM-omni, make the stages’ gpu_memory_utilization on one GPU add up to less than 1 (e.g. 0.5 and 0.3) or put the stages on different GPUs.`,
    };
  }
  const value = (Math.floor((fraction - 0.05) * 20) / 20).toFixed(2);
  return {
    fix: `Set --gpu-memory-utilization ${value} in spec.args (${m[1]} of ${m[2]} GiB is free, ${asked} was asked), or give the server a GPU of its own.`,
    manifestFix: { kind: 'set-arg', flag: '--gpu-memory-utilization', value },
  };
}

/** The longest context the log says fits (`estimated maximum model length is 77888`, `stored in KV cache (23648)`), rounded down. */
function refineMaxModelLen(evidence: string): { fix: string; manifestFix?: ManifestFix } | undefined {
  const m = /estimated maximum model length is (\d+)|can be stored in KV cache \((\d+)\)/.exec(evidence);
  if (!m) return undefined;
  const fits = Number(m[1] ?? m[2]);
  if (!(fits > 0)) return undefined;
  const value = String(fits >= 2048 ? Math.floor(fits / 1024) * 1024 : fits);
  return {
    fix: `Set --max-model-len ${value} in spec.args (the log says ${fits} tokens fit), or raise --gpu-memory-utilization (e.g. 0.95) or spread the model over more GPUs to keep a longer context.`,
    manifestFix: { kind: 'set-arg', flag: '--max-model-len', value },
  };
}
