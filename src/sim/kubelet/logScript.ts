import type { ContainerPlan } from './containerPlan.js';
import { nimCacheScript } from './nimCacheScript.js';
import { OLD_VLLM_ARCHITECTURES, compareVersions } from './modelCatalog.js';

/** Simulated network and disk: ~50 MB/s from Hugging Face / NGC (a 58 GB pipeline takes ~19 min), 2 GB/s loading. */
export const DOWNLOAD_BYTES_PER_SECOND = 50e6;
const LOAD_BYTES_PER_SECOND = 2e9;

export interface ScriptLine {
  at: number;
  text: string;
}

export type ScriptEnd =
  | { kind: 'exit'; at: number; exitCode: number; reason: 'Error' | 'OOMKilled' | 'Completed' }
  | { kind: 'up'; at: number }
  | { kind: 'forever' };

export interface Script {
  lines: ScriptLine[];
  /** Weight download window (absolute simulated ms), to evict or to remember partial progress. */
  download?: { start: number; end: number; fromBytes: number; totalBytes: number };
  end: ScriptEnd;
}

export interface ScriptInput {
  plan: ContainerPlan;
  /** Absolute simulated ms the process starts. */
  start: number;
  /** Bytes of the model's weights already in the cache the container uses. */
  cachedBytes: number;
}

const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');

function vllmTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function nimTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}` : `${pad(s / 60)}:${pad(s % 60)}`;
}

function bar(fraction: number): string {
  const blocks = ' ▏▎▍▌▋▊▉█';
  const tenths = fraction * 10;
  const full = Math.floor(tenths);
  const partial = full < 10 ? blocks[Math.floor((tenths - full) * 8)] : '';
  return ('█'.repeat(full) + partial).padEnd(10, ' ');
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)}G`;
}

/** A tqdm progress line as huggingface_hub prints it per file. */
function tqdmBytes(file: string, done: number, total: number, elapsedS: number): string {
  const rate = DOWNLOAD_BYTES_PER_SECOND / 1e6;
  const remaining = (total - done) / DOWNLOAD_BYTES_PER_SECOND;
  return `${file}: ${String(Math.round((done / total) * 100)).padStart(3)}%|${bar(done / total)}| ${gigabytes(done)}/${gigabytes(total)} [${clock(elapsedS)}<${clock(remaining)}, ${rate.toFixed(1)}MB/s]`;
}

function tqdmCount(label: string, done: number, total: number, elapsedS: number): string {
  const perIt = done ? elapsedS / done : 0;
  return `${label}: ${String(Math.round((done / total) * 100)).padStart(3)}%|${bar(done / total)}| ${done}/${total} [${clock(elapsedS)}<${clock(perIt * (total - done))}, ${done ? `${perIt.toFixed(2)}s/it` : '?it/s'}]`;
}

class Writer {
  readonly lines: ScriptLine[] = [];
  constructor(public t: number) {}
  at(offsetS: number): this {
    this.t += offsetS * 1000;
    return this;
  }
  raw(text: string): this {
    this.lines.push({ at: this.t, text });
    return this;
  }
}

function shardFiles(plan: ContainerPlan): string[] {
  const n = plan.model?.shards ?? 1;
  const prefix = plan.model?.diffusion ? 'transformer/diffusion_pytorch_model' : 'model';
  return Array.from({ length: n }, (_, i) => `${prefix}-${pad(i + 1, 5)}-of-${pad(n, 5)}.safetensors`);
}

/** Per-file download progress from `fromBytes`; returns the download window. */
function download(w: Writer, plan: ContainerPlan, fromBytes: number): Script['download'] {
  const total = plan.model?.bytes ?? 0;
  const start = w.t;
  if (fromBytes >= total) return { start, end: start, fromBytes: total, totalBytes: total };
  const files = shardFiles(plan);
  const shard = total / files.length;
  files.forEach((file, i) => {
    const shardStart = i * shard;
    const shardEnd = shardStart + shard;
    if (shardEnd <= fromBytes) return;
    const resumeAt = Math.max(0, fromBytes - shardStart);
    const t0 = w.t;
    for (const q of [0.25, 0.5, 0.75, 1]) {
      const done = shard * q;
      if (done <= resumeAt) continue;
      const lineAt = t0 + ((done - resumeAt) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
      w.lines.push({ at: lineAt, text: tqdmBytes(file, done, shard, (lineAt - t0) / 1000 + resumeAt / DOWNLOAD_BYTES_PER_SECOND) });
    }
    w.t = t0 + ((shard - resumeAt) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
  });
  return { start, end: w.t, fromBytes, totalBytes: total };
}

function gatedTrace(w: Writer, p: (level: string, file: string) => string, model: string): void {
  const url = `https://huggingface.co/${model}/resolve/main/${/image-edit/i.test(model) ? 'model_index.json' : 'config.json'}`;
  w.raw(`${p('INFO', 'hub.py:214')}Fetching model metadata from https://huggingface.co/api/models/${model}`);
  const prefix = '(APIServer pid=1) ';
  for (const line of [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/utils/_http.py", line 409, in hf_raise_for_status',
    '    response.raise_for_status()',
    `requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: ${url}`,
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/file_download.py", line 1484, in _get_metadata_or_catch_error',
    '    raise _format(GatedRepoError, message, response) from e',
    'huggingface_hub.errors.GatedRepoError: 401 Client Error. (Request ID: Root=1-6604c5e0-374ff039)',
    '',
    `Cannot access gated repo for url ${url}.`,
    `Access to model ${model} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
  ]) w.raw(prefix + line);
}

function shmTrace(w: Writer, p: (level: string, file: string) => string): void {
  const core = '(EngineCore_DP0 pid=188) ';
  w.raw(`${core}INFO ${vllmTime(w.t)} [core.py:644] Waiting for init message from front-end.`);
  w.at(1);
  const err = `${core}ERROR ${vllmTime(w.t)} [core.py:708] `;
  for (const line of [
    'EngineCore failed to start.',
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/v1/engine/core.py", line 699, in run_engine_core',
    '    engine_core = EngineCoreProc(*args, **kwargs)',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/v1/executor/multiproc_executor.py", line 85, in _init_executor',
    '    self.rpc_broadcast_mq = MessageQueue(self.world_size, self.world_size)',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/distributed/device_communicators/shm_broadcast.py", line 253, in __init__',
    '    self.buffer = ShmRingBuffer(n_reader, max_chunk_bytes, max_chunks)',
    '  File "/usr/lib/python3.12/multiprocessing/shared_memory.py", line 114, in __init__',
    '    os.ftruncate(self._fd, size)',
    'OSError: [Errno 28] No space left on device',
  ]) w.raw(err + line);
  for (const line of [
    'Process EngineCore_DP0:',
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.12/multiprocessing/process.py", line 314, in _bootstrap',
    '    self.run()',
    '  File "/usr/lib/python3.12/multiprocessing/shared_memory.py", line 114, in __init__',
    '    os.ftruncate(self._fd, size)',
    'OSError: [Errno 28] No space left on device',
  ]) w.raw(core + line);
  const api = '(APIServer pid=1) ';
  for (const line of [
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/vllm", line 10, in <module>',
    '    sys.exit(main())',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/v1/engine/utils.py", line 706, in launch_core_engines',
    '    wait_for_engine_startup(',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/v1/engine/utils.py", line 759, in wait_for_engine_startup',
    '    raise RuntimeError("Engine core initialization failed. "',
    "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'EngineCore_DP0': 1}",
  ]) w.raw(api + line);
  w.raw('/usr/lib/python3.12/multiprocessing/resource_tracker.py:279: UserWarning: resource_tracker: There appear to be 1 leaked shared_memory objects to clean up at shutdown');
  void p;
}

function archTrace(w: Writer, architecture: string): void {
  for (const line of [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/engine/arg_utils.py", line 1005, in create_model_config',
    '    return ModelConfig(',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/model_executor/models/registry.py", line 463, in inspect_model_cls',
    '    return self._raise_for_unsupported(architectures)',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/model_executor/models/registry.py", line 419, in _raise_for_unsupported',
    '    raise ValueError(',
    `ValueError: Model architectures ['${architecture}'] are not supported for now. Supported architectures: [${OLD_VLLM_ARCHITECTURES.map((a) => `'${a}'`).join(', ')}]`,
  ]) w.raw(line);
}

/** Where huggingface_hub keeps a repository's blobs under a cache directory (HF_HOME or the hub cache itself). */
function blobsDir(cacheDir: string, model: string): string {
  const hub = /\/hub\/?$/.test(cacheDir) ? cacheDir.replace(/\/$/, '') : `${cacheDir.replace(/\/$/, '')}/hub`;
  return `${hub}/models--${model.replace(/\//g, '--')}/blobs`;
}

/**
 * Weights that do not fit the volume they download to: huggingface_hub warns before each file that no longer
 * fits (file_download.py's disk-space check), the volume fills part-way through a shard and the write fails
 * with Errno 28, deep in snapshot_download. Lines of the download after the fill are dropped.
 */
function diskFullDownload(w: Writer, plan: ContainerPlan, fromBytes: number, full: { capacityBytes: number; path: string }, prefix: string): Script['download'] {
  const model = plan.model!;
  const first = w.lines.length;
  const start = w.t;
  const dl = download(w, plan, fromBytes);
  const fillAt = start + (Math.max(0, full.capacityBytes - fromBytes) / DOWNLOAD_BYTES_PER_SECOND) * 1000;
  const kept = w.lines.splice(first).filter((l) => l.at <= fillAt);
  const files = shardFiles(plan);
  const shard = model.bytes / files.length;
  const failing = Math.min(files.length - 1, Math.floor(full.capacityBytes / shard));
  const blobs = blobsDir(full.path, model.id);
  // The warning comes when the failing file starts: what is left of the volume is less than the file.
  const warnAt = Math.max(start, start + ((failing * shard - fromBytes) / DOWNLOAD_BYTES_PER_SECOND) * 1000);
  const free = Math.max(0, full.capacityBytes - Math.max(fromBytes, failing * shard));
  const warning = [
    `/usr/local/lib/python3.12/dist-packages/huggingface_hub/file_download.py:651: UserWarning: Not enough free disk space to download the file. The expected file size is: ${(shard / 1e6).toFixed(2)} MB. The target location ${blobs} only has ${(free / 1e6).toFixed(2)} MB free disk space.`,
    '  warnings.warn(',
  ];
  const before = kept.filter((l) => l.at < warnAt);
  w.lines.push(...before, ...warning.map((text) => ({ at: warnAt, text })), ...kept.slice(before.length));
  w.t = Math.max(fillAt, warnAt);
  const done = Math.max(0, full.capacityBytes - failing * shard);
  w.raw(tqdmBytes(files[failing], done, shard, done / DOWNLOAD_BYTES_PER_SECOND));
  for (const line of [
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/vllm", line 10, in <module>',
    '    sys.exit(main())',
    '             ^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/utils/_validators.py", line 114, in _inner_fn',
    '    return fn(*args, **kwargs)',
    '           ^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/_snapshot_download.py", line 327, in snapshot_download',
    '    thread_map(',
    '  File "/usr/local/lib/python3.12/dist-packages/tqdm/contrib/concurrent.py", line 69, in thread_map',
    '    return _executor_map(ThreadPoolExecutor, fn, *iterables, **tqdm_kwargs)',
    '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/file_download.py", line 1723, in _download_to_tmp_and_move',
    '    http_get(',
    '  File "/usr/local/lib/python3.12/dist-packages/huggingface_hub/file_download.py", line 494, in http_get',
    '    temp_file.write(chunk)',
    'OSError: [Errno 28] No space left on device',
  ]) w.raw(prefix + line);
  return dl;
}

/** A model's own code (--trust-remote-code) fails while its config loads, before anything is downloaded but the code. */
function remoteCodeTrace(w: Writer, prefix: string, model: string, cacheDir: string): void {
  const files = ['configuration_custom_vlm.py', 'modeling_custom_vlm.py'];
  const modules = `${cacheDir.replace(/\/hub\/?$/, '').replace(/\/$/, '')}/modules/transformers_modules/${model}/3f9c1e07a2b4d85e6c0f1a9b2d7e4c3a5b6f8e90`;
  w.raw(`${prefix}A new version of the following files was downloaded from https://huggingface.co/${model}:`);
  for (const file of files) w.raw(`${prefix}- ${file}`);
  w.raw(`${prefix}. Make sure to double-check they do not contain any added malicious code. To avoid downloading new versions of the code file, you can pin a revision.`);
  w.at(1);
  for (const line of [
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/vllm", line 10, in <module>',
    '    sys.exit(main())',
    '             ^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/cli/main.py", line 54, in main',
    '    args.dispatch_function(args)',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/cli/serve.py", line 57, in cmd',
    '    uvloop.run(run_server(args))',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py", line 1884, in run_server',
    '    await run_server_worker(listen_address, sock, args, **uvicorn_kwargs)',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/entrypoints/openai/api_server.py", line 203, in build_async_engine_client_from_engine_args',
    '    vllm_config = engine_args.create_engine_config(usage_context=usage_context)',
    '                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/engine/arg_utils.py", line 1142, in create_engine_config',
    '    model_config = self.create_model_config()',
    '                   ^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/config/model.py", line 547, in __post_init__',
    '    hf_config = get_config(self.hf_config_path or self.model,',
    '                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/vllm/transformers_utils/config.py", line 528, in get_config',
    '    config = AutoConfig.from_pretrained(',
    '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/transformers/models/auto/configuration_auto.py", line 1272, in from_pretrained',
    '    return config_class.from_pretrained(pretrained_model_name_or_path, **kwargs)',
    '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '  File "/usr/local/lib/python3.12/dist-packages/transformers/configuration_utils.py", line 789, in from_dict',
    '    config = cls(**config_dict)',
    '             ^^^^^^^^^^^^^^^^^^',
    `  File "${modules}/${files[0]}", line 112, in __init__`,
    '    self.text_config = CustomVLMTextConfig(**text_config)',
    '                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${modules}/${files[0]}", line 63, in __init__`,
    '    self.rope_theta = rope_scaling["rope_theta"] if rope_scaling else kwargs["rope_scaling"]["rope_theta"]',
    '                                                                      ~~~~~~^^^^^^^^^^^^^^^^',
    "KeyError: 'rope_scaling'",
  ]) w.raw(prefix + line);
}

function uvicornUp(w: Writer, prefix: string, port: number): void {
  w.raw(`${prefix}INFO:     Started server process [1]`);
  w.raw(`${prefix}INFO:     Waiting for application startup.`);
  w.raw(`${prefix}INFO:     Application startup complete.`);
  w.raw(`${prefix}INFO:     Uvicorn running on http://0.0.0.0:${port} (Press CTRL+C to quit)`);
}

function vllmScript(input: ScriptInput): Script {
  const { plan } = input;
  const profile = plan.profile;
  const model = plan.model!;
  const version = profile.vllmVersion ?? '0.11.0';
  const modern = compareVersions(version, '0.10.0') >= 0;
  const api = modern ? '(APIServer pid=1) ' : '';
  const core = modern ? '(EngineCore_DP0 pid=212) ' : '';
  const w = new Writer(input.start);
  const p = (level: string, file: string) => (modern ? `${api}${level} ${vllmTime(w.t)} [${file}] ` : `${level} ${vllmTime(w.t)} ${file}] `);
  const c = (level: string, file: string) => `${core}${level} ${vllmTime(w.t)} [${file}] `;
  w.raw(`INFO ${vllmTime(w.t)} [__init__.py:244] Automatically detected platform cuda.`);
  w.at(4).raw(`${p('INFO', 'api_server.py:1395')}vLLM API server version ${version}`);
  const omni = profile.kind === 'vllm-omni';
  const args = [`'model_tag': '${profile.model}'`, `'port': ${profile.port}`, ...(omni ? ["'omni': True"] : []), ...(profile.trustRemoteCode ? ["'trust_remote_code': True"] : []), ...(profile.servedModel !== profile.model ? [`'served_model_name': ['${profile.servedModel}']`] : []), ...(profile.apiKey ? ["'api_key': '***'"] : [])];
  w.raw(`${p('INFO', 'utils.py:326')}non-default args: {${args.join(', ')}}`);
  const exit = (after: number, exitCode: number, reason: 'Error' | 'OOMKilled'): Script => ({ lines: w.lines, end: { kind: 'exit', at: w.t + after * 1000, exitCode, reason } });
  if (plan.outcome.kind === 'crash' && plan.outcome.cause === 'gated') {
    w.at(1);
    gatedTrace(w, p, model.id);
    return exit(1, 1, 'Error');
  }
  if (plan.outcome.kind === 'crash' && plan.outcome.cause === 'unsupported-arch') {
    w.at(1);
    archTrace(w, model.architecture);
    return exit(1, 1, 'Error');
  }
  if (plan.outcome.kind === 'crash' && plan.outcome.cause === 'remote-code') {
    w.at(2);
    remoteCodeTrace(w, api, model.id, plan.weights.kind === 'persistent' ? '/model-store/huggingface' : '/root/.cache/huggingface');
    return exit(1, 1, 'Error');
  }
  // Cached weights (a PVC the model already fits on) never fill it again.
  const full = plan.outcome.kind === 'disk-full' && input.cachedBytes < model.bytes ? plan.outcome : undefined;
  let dl: Script['download'];
  if (omni) {
    w.at(1).raw(`${p('INFO', 'serve.py:91')}vLLM-Omni serve: model=${profile.model} port=${profile.port} omni=True`);
    w.raw(`${p('INFO', 'serve.py:112')}Detected diffusion model (${model.diffusion ? model.architecture : 'QwenImageEditPipeline'}); skipping LLM engine argument validation.`);
    w.at(1).raw(`${p('INFO', 'diffusion_engine.py:88')}Initializing diffusion engine with 1 worker(s), multiproc executor, shared memory broadcast queue.`);
    if (plan.outcome.kind === 'crash' && plan.outcome.cause === 'shm') {
      w.at(8);
      shmTrace(w, p);
      return exit(1, 1, 'Error');
    }
    w.raw(`${p('INFO', 'shm_broadcast.py:289')}vLLM message queue communication handle: Handle(local_reader_ranks=[0], buffer_handle=(1, 10485760, 10, 'psm_3f1a22c1'), local_subscribe_addr='ipc:///tmp/2d8a0f9e', remote_subscribe_addr=None, remote_addr_ipv6=False)`);
    w.at(4).raw(`${p('INFO', 'weight_utils.py:296')}Using model weights format ['*.safetensors']`);
    const dlStart = w.t;
    if (full) {
      dl = diskFullDownload(w, plan, input.cachedBytes, full, api);
      return { lines: w.lines, download: dl, end: { kind: 'exit', at: w.t + 1000, exitCode: 1, reason: 'Error' } };
    }
    dl = download(w, plan, input.cachedBytes);
    if (dl && dl.end > dl.start) w.raw(tqdmCount('Downloading shards', model.shards, model.shards, (w.t - dlStart) / 1000));
    const loadS = model.bytes / LOAD_BYTES_PER_SECOND;
    if (plan.outcome.kind === 'oom') {
      w.at(loadS * 0.4).raw(tqdmCount('Loading pipeline components...', 2, 5, loadS * 0.4));
      return { lines: w.lines, download: dl, end: { kind: 'exit', at: w.t + 2000, exitCode: 137, reason: 'OOMKilled' } };
    }
    w.at(loadS).raw(tqdmCount('Loading pipeline components...', 5, 5, loadS));
    w.at(5).raw(`${p('INFO', 'diffusion_worker.py:144')}Pipeline loaded in ${(loadS + 5).toFixed(2)} s, GPU memory used: ${(model.bytes / 2 ** 30).toFixed(2)} GiB`);
    w.at(1).raw(`${p('INFO', 'api_server.py:512')}Serving diffusion model ${profile.servedModel}: /v1/images/generations, /v1/images/edits, /v1/chat/completions`);
    uvicornUp(w, api, profile.port);
    return { lines: w.lines, download: dl, end: { kind: 'up', at: w.t } };
  }
  w.at(5).raw(`${p('INFO', '__init__.py:711')}Resolved architecture: ${model.architecture}`);
  w.raw(`${p('INFO', '__init__.py:1750')}Using max model len 32768`);
  w.at(1).raw(`${p('INFO', 'scheduler.py:222')}Chunked prefill is enabled with max_num_batched_tokens=8192.`);
  if (plan.outcome.kind === 'crash' && plan.outcome.cause === 'shm') {
    w.at(8);
    shmTrace(w, p);
    return exit(1, 1, 'Error');
  }
  w.at(8).raw(`${c('INFO', 'core.py:636')}Waiting for init message from front-end.`);
  w.raw(`${c('INFO', 'core.py:74')}Initializing a V1 LLM engine (v${version}) with config: model='${profile.model}', tokenizer='${profile.model}', trust_remote_code=${profile.trustRemoteCode ? 'True' : 'False'}, dtype=torch.bfloat16, max_seq_len=32768, tensor_parallel_size=${profile.tensorParallel}, served_model_name=${profile.servedModel}`);
  w.at(9).raw(`${c('INFO', 'gpu_model_runner.py:1953')}Starting to load model ${profile.model}...`);
  w.at(2).raw(`${c('INFO', 'weight_utils.py:296')}Using model weights format ['*.safetensors']`);
  if (full) {
    dl = diskFullDownload(w, plan, input.cachedBytes, full, core);
    w.raw(`${api}RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'EngineCore_DP0': 1}`);
    return { lines: w.lines, download: dl, end: { kind: 'exit', at: w.t + 1000, exitCode: 1, reason: 'Error' } };
  }
  dl = download(w, plan, input.cachedBytes);
  const loadS = model.bytes / LOAD_BYTES_PER_SECOND;
  w.raw(`Loading safetensors checkpoint shards:   0% Completed | 0/${model.shards} [00:00<?, ?it/s]`);
  if (plan.outcome.kind === 'oom') return { lines: w.lines, download: dl, end: { kind: 'exit', at: w.t + (loadS / 2) * 1000, exitCode: 137, reason: 'OOMKilled' } };
  w.at(loadS).raw(`Loading safetensors checkpoint shards: 100% Completed | ${model.shards}/${model.shards} [${clock(loadS)}<00:00, ${(loadS / model.shards).toFixed(2)}s/it]`);
  w.raw(`${c('INFO', 'default_loader.py:262')}Loading weights took ${loadS.toFixed(2)} seconds`);
  w.at(1).raw(`${c('INFO', 'gpu_model_runner.py:2007')}Model loading took ${(model.bytes / 2 ** 30).toFixed(4)} GiB and ${((w.t - input.start) / 1000).toFixed(3)} seconds`);
  w.at(26).raw(`${c('INFO', 'monitor.py:34')}torch.compile takes 26.04 s in total`);
  w.at(2).raw(`${c('INFO', 'gpu_worker.py:276')}Available KV cache memory: 42.17 GiB`);
  w.raw(`${c('INFO', 'kv_cache_utils.py:849')}GPU KV cache size: 460,608 tokens`);
  w.at(5).raw(tqdmCount('Capturing CUDA graph shapes', 67, 67, 4.4));
  w.raw(`${c('INFO', 'core.py:214')}init engine (profile, create kv cache, warmup model) took 39.51 seconds`);
  w.at(1).raw(`${p('INFO', 'api_server.py:1857')}Starting vLLM API server 0 on http://0.0.0.0:${profile.port}`);
  w.raw(`${p('INFO', 'launcher.py:29')}Available routes are:`);
  for (const [route, methods] of [['/health', 'GET'], ['/metrics', 'GET'], ['/v1/models', 'GET'], ['/v1/chat/completions', 'POST'], ['/v1/completions', 'POST']]) w.raw(`${p('INFO', 'launcher.py:37')}Route: ${route}, Methods: ${methods}`);
  uvicornUp(w, api, profile.port);
  return { lines: w.lines, download: dl, end: { kind: 'up', at: w.t } };
}

function nimScript(input: ScriptInput): Script {
  const { plan } = input;
  const model = plan.model!;
  const w = new Writer(input.start);
  const p = (file: string) => `INFO ${nimTime(w.t)} ${file}] `;
  for (const line of ['', '===========================================', '== NVIDIA Inference Microservice LLM NIM ==', '===========================================', '', 'NVIDIA Inference Microservice LLM NIM Version 1.8.4', `Model: ${plan.profile.servedModel}`, '', 'Container image Copyright (c) 2016-2025, NVIDIA CORPORATION & AFFILIATES. All rights reserved.', '']) w.raw(line);
  w.at(3).raw(`${p('ngc_profile.py:222')}Running NIM without LoRA. Only looking for compatible profiles that do not support LoRA.`);
  w.raw(`${p('ngc_profile.py:224')}Detected 1 compatible profile(s).`);
  w.raw(`${p('ngc_injector.py:307')}Selected profile: 7cc8597690a35aba19a3636f35e7f1c7e7dbc005fe88ce9394cad4a4adeed414 (vllm-bf16-tp1-pp1)`);
  w.raw(`${p('ngc_injector.py:345')}Preparing model workspace. This step might download additional files to run the model.`);
  const prep = w.t;
  const dl = download(w, plan, input.cachedBytes);
  w.at(2).raw(`${p('ngc_injector.py:351')}Model workspace is now ready. It took ${((w.t - prep) / 1000).toFixed(3)} seconds`);
  w.raw(`${p('launch.py:98')}Starting inference server: vllm, model path /model-store/ngc/hub/models--nim--${model.id.replace(/\//g, '--')}`);
  if (plan.outcome.kind === 'oom') return { lines: w.lines, download: dl, end: { kind: 'exit', at: w.t + 20_000, exitCode: 137, reason: 'OOMKilled' } };
  w.at(44).raw(`${p('gpu_worker.py:276')}Available KV cache memory: 58.60 GiB`);
  w.raw(`${p('kv_cache_utils.py:849')}GPU KV cache size: 480,016 tokens`);
  w.at(9).raw(`${p('api_server.py:719')}Serving endpoints:`);
  for (const route of ['/openapi.json', '/docs', '/v1/health/ready', '/v1/health/live', '/v1/metrics', '/v1/models', '/v1/chat/completions']) w.raw(`  0.0.0.0:${plan.profile.port}${route}`);
  w.raw(`${p('server.py:82')}Started server process [1]`);
  w.raw(`${p('on.py:48')}Waiting for application startup.`);
  w.raw(`${p('on.py:62')}Application startup complete.`);
  w.raw(`${p('server.py:214')}Uvicorn running on http://0.0.0.0:${plan.profile.port} (Press CTRL+C to quit)`);
  return { lines: w.lines, download: dl, end: { kind: 'up', at: w.t } };
}

function fastapiScript(input: ScriptInput): Script {
  const w = new Writer(input.start);
  w.raw(`Loading ${input.plan.profile.model ?? 'model'} ...`);
  const dl = input.plan.model ? download(w, input.plan, input.cachedBytes) : undefined;
  w.at(20);
  uvicornUp(w, '', input.plan.profile.port);
  return { lines: w.lines, download: dl, end: { kind: 'up', at: w.t } };
}

/** The container's own output from `start` on, as the runtime would print it, and how the process ends. */
export function buildScript(input: ScriptInput): Script {
  const { plan } = input;
  switch (plan.profile.kind) {
    case 'vllm':
    case 'vllm-omni':
      return vllmScript(input);
    case 'nim':
      return nimScript(input);
    case 'nim-cache':
      return nimCacheScript(input.plan, input.start, input.cachedBytes);
    case 'nunchaku':
    case 'omega':
      return fastapiScript(input);
    default: {
      if (plan.outcome.kind === 'complete') return { lines: [{ at: input.start, text: 'Starting job' }, { at: input.start + plan.outcome.afterMs, text: 'Job finished' }], end: { kind: 'exit', at: input.start + plan.outcome.afterMs, exitCode: 0, reason: 'Completed' } };
      return { lines: [], end: { kind: 'forever' } };
    }
  }
}
