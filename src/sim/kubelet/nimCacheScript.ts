import type { ContainerPlan } from './containerPlan.js';
import type { NimManifestProfile } from '../operator/nimModelManifest.js';
import { DOWNLOAD_BYTES_PER_SECOND, type Script, type ScriptLine } from './logScript.js';

const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');

function nimTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${pad(s / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}`;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/** An NGC file download progress line: elapsed, bar, percentage, bytes done / total, rate, time left, file. */
function progress(file: string, done: number, total: number, elapsedS: number): string {
  const fraction = total ? done / total : 1;
  const width = 40;
  const filled = Math.round(fraction * width);
  const left = (total - done) / DOWNLOAD_BYTES_PER_SECOND;
  return `[${hms(elapsedS)}] [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${gib(done)}/${gib(total)} ${(DOWNLOAD_BYTES_PER_SECOND / 2 ** 20).toFixed(2)} MiB/s (${Math.round(left)}s) ${file}`;
}

function hfFiles(bytes: number): Array<{ file: string; bytes: number }> {
  const shards = Math.max(1, Math.round(bytes / 5e9));
  return [{ file: 'config.json', bytes: 1.2e3 }, ...Array.from({ length: shards }, (_, i) => ({ file: `model-${pad(i + 1, 5)}-of-${pad(shards, 5)}.safetensors`, bytes: bytes / shards }))];
}

/** The files one profile stores: a TensorRT-LLM engine per tensor-parallel rank, or safetensors shards for vLLM. */
function profileFiles(p: NimManifestProfile, bytes: number): Array<{ file: string; bytes: number }> {
  const small = [{ file: 'config.json', bytes: 1.2e3 }, { file: 'tokenizer.json', bytes: 9.1e6 }, { file: 'tokenizer_config.json', bytes: 5.1e4 }];
  if (p.tags.llm_engine === 'tensorrt_llm') {
    const tp = Number(p.tags.tp) || 1;
    return [...small, ...Array.from({ length: tp }, (_, i) => ({ file: `trtllm_engine/rank${i}.engine`, bytes: bytes / tp }))];
  }
  const shards = Math.max(1, Math.round(bytes / 5e9));
  return [...small, ...Array.from({ length: shards }, (_, i) => ({ file: `model-${pad(i + 1, 5)}-of-${pad(shards, 5)}.safetensors`, bytes: bytes / shards }))];
}

/**
 * What NIM's `download-to-cache` prints in the operator's caching job: per profile the id and its tags, then each
 * file's progress (at 25 % steps) into the NGC hub cache under NIM_CACHE_PATH; and how it fails — NGC refusing the
 * key (401) or the entitlement (403), profiles the NIM does not ship (the ids it does ship are listed), or the PVC
 * filling up (Errno 28). Exits 0 when every profile is in the cache.
 */
export function nimCacheScript(plan: ContainerPlan, start: number, cachedBytes: number): Script {
  const lines: ScriptLine[] = [];
  let t = start;
  const at = (text: string) => lines.push({ at: t, text });
  const p = (level: string, file: string) => `${level} ${nimTime(t)} ${file}] `;
  const model = plan.model!;
  const cacheDir = '/model-store';
  for (const line of ['', '===========================================', '== NVIDIA Inference Microservice LLM NIM ==', '===========================================', '', 'NVIDIA Inference Microservice LLM NIM Version 1.8.4', `Model: ${model.id}`, '', 'Container image Copyright (c) 2016-2025, NVIDIA CORPORATION & AFFILIATES. All rights reserved.', '']) at(line);
  t += 2000;
  const outcome = plan.outcome;
  if (outcome.kind === 'ngc-refused') {
    const url = `https://api.ngc.nvidia.com/v2/org/nim/team/${model.id.split('/')[0]}/models/${model.id.split('/').slice(1).join('/')}/versions`;
    if (outcome.status === 401) {
      at(`${p('ERROR', 'ngc_injector.py:171')}Error: failed to authenticate with NGC: 401 Unauthorized for url: ${url}`);
      at('Check that NGC_API_KEY (from the Secret in the NIMCache spec.source.ngc.authSecret) is a valid NGC API key.');
    } else {
      at(`${p('ERROR', 'ngc_injector.py:171')}Error: 403 Forbidden for url: ${url}`);
      at(`The NGC API key is valid but its organization is not entitled to nim/${model.id}: access requires an NVIDIA AI Enterprise or NVIDIA Developer Program entitlement for this NIM.`);
    }
    return { lines, end: { kind: 'exit', at: t + 500, exitCode: 1, reason: 'Error' } };
  }
  if (outcome.kind === 'profile-not-found') {
    at(`${p('ERROR', 'pre_download.py:64')}Error: Not all of the provided profiles are supported.`);
    at(`Unknown profiles provided: {${outcome.unknown.map((u) => `'${u}'`).join(', ')}}`);
    at('Valid profiles for this model:');
    for (const v of outcome.valid) at(`  - ${v.id} (${v.name})`);
    return { lines, end: { kind: 'exit', at: t + 500, exitCode: 1, reason: 'Error' } };
  }
  const capacity = outcome.kind === 'disk-full' ? outcome.capacityBytes : Infinity;
  const dlStart = t;
  let written = 0;
  const hub = `${cacheDir}/ngc/hub/models--nim--${model.id.replace(/\//g, '--')}`;
  const units = plan.cache?.profiles.length
    ? plan.cache.profiles.map((profile, i) => ({ profile, files: profileFiles(profile, plan.cache!.sizes[i]) }))
    : [{ profile: undefined, files: hfFiles(model.bytes) }];
  for (const { profile, files } of units) {
    if (profile) {
      at(`${p('INFO', 'pre_download.py:80')}Fetching contents for profile ${profile.id}`);
      at(`${p('INFO', 'pre_download.py:86')}${JSON.stringify({ ...profile.tags, name: profile.name })}`);
    } else at(`${p('INFO', 'pre_download.py:80')}Fetching contents for hf://${model.id}`);
    for (const f of files) {
      const fileStart = t;
      for (const q of [0.25, 0.5, 0.75, 1]) {
        const done = f.bytes * q;
        const lineT = fileStart + (Math.max(0, done - Math.max(0, cachedBytes - written)) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
        if (written + done > capacity) {
          t = fileStart + ((capacity - written) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
          at(progress(f.file, capacity - written, f.bytes, (t - fileStart) / 1000));
          at(`${p('ERROR', 'pre_download.py:112')}Error downloading ${f.file}${profile ? ` for profile ${profile.id}` : ''}: [Errno 28] No space left on device: '${hub}/blobs/${f.file.replace(/\W/g, '')}.incomplete'`);
          at(`OSError: [Errno 28] No space left on device`);
          return { lines, download: { start: dlStart, end: t, fromBytes: Math.min(cachedBytes, capacity), totalBytes: model.bytes }, end: { kind: 'exit', at: t + 500, exitCode: 1, reason: 'Error' } };
        }
        t = lineT;
        at(progress(f.file, done, f.bytes, (t - fileStart) / 1000));
      }
      written += f.bytes;
    }
  }
  t += 1000;
  at(`${p('INFO', 'pre_download.py:125')}Model workspace is now ready. It took ${((t - dlStart) / 1000).toFixed(3)} seconds`);
  at(`${p('INFO', 'pre_download.py:127')}Cached ${plan.cache?.profiles.length ?? 0} profile(s) (${gib(written)}) in ${cacheDir}`);
  return { lines, download: { start: dlStart, end: t, fromBytes: Math.min(cachedBytes, model.bytes), totalBytes: model.bytes }, end: { kind: 'exit', at: t + 500, exitCode: 0, reason: 'Completed' } };
}
