import { literal, type Signature } from '../signature.js';
import type { ManifestFix } from '../types.js';

/** The model itself: where it is, whether it downloaded whole, whether this server can load and split it. */
export const MODEL_SIGNATURES: Signature[] = [
  {
    id: 'model-inspection-failed',
    title: 'vLLM could not inspect the model class (broken installation)',
    keywords: [literal('Error in inspecting model architecture'), literal('failed to be inspected')],
    patterns: [/Error in inspecting model architecture/, /Model architectures \[[^\]]*\] failed to be inspected/],
    role: 'cause',
    severity: 'error',
    // vLLM reports the architecture as unsupported after its inspection subprocess crashed: not an old vLLM.
    supersedes: ['unsupported-architecture'],
    cause: "vLLM's model registry inspects the architecture in a subprocess, and that subprocess crashed; vLLM then reports the architecture as unsupported although it is supported. The subprocess's own error, printed with the traceback, is the real cause — usually a broken or mismatched installation (torch or CUDA versus the vLLM build, a missing vllm._C, an unsupported platform such as native Windows).",
    fix: 'Read the subprocess error in the traceback. Run the official image (spec.image.repository: vllm/vllm-openai with a released spec.image.tag) instead of a custom build, and do not install packages that replace its torch.',
  },
  {
    id: 'unsupported-architecture',
    title: 'Model architecture not supported by this vLLM',
    keywords: [literal('Model architectures [')],
    patterns: [/Model architectures \[[^\]]*\] are not supported/],
    role: 'cause',
    severity: 'error',
    cause: 'The vLLM image is older than the model (Qwen3ForCausalLM, for one, needs vLLM 0.8.5 or newer).',
    fix: 'Use a newer vLLM image: raise spec.image.tag to a release that lists the architecture.',
  },
  {
    id: 'config-not-downloaded',
    title: 'Server started before the model finished downloading',
    keywords: [literal('config format found'), literal('detect config format')],
    patterns: [/No supported config format found/, /No config format found/, /Could not detect config format/],
    role: 'cause',
    severity: 'error',
    cause: 'vLLM found no config.json where it expected the model: the server started before the download finished, or the path is wrong.',
    fix: 'Start the server only when config.json and every *.safetensors file exist without temporary suffixes (an init container or a wait loop), and check the model path/id in spec.args.',
  },
  {
    id: 'model-path-or-repo-invalid',
    title: 'Model path or repository id does not exist',
    keywords: [literal('Invalid repository ID or local directory specified')],
    patterns: [/Invalid repository ID or local directory specified: '[^']*'/],
    role: 'cause',
    severity: 'error',
    cause: 'The model argument names neither a Hugging Face repository that exists (a typo, or the organisation prefix missing) nor a local directory with a config.json (a wrong path, or the volume is not mounted where the path points).',
    fix: 'Set the model in spec.args to the full Hugging Face id including the organisation (e.g. Qwen/Qwen2.5-7B-Instruct) or to the mounted directory that holds config.json (e.g. /model-store/<model>), and check that the PVC is mounted at that path.',
  },
  {
    id: 'partial-download',
    title: 'Model download interrupted: file incomplete',
    keywords: [literal('Consistency check failed: file should be of size')],
    patterns: [/Consistency check failed: file should be of size \d+ but has size \d+/],
    role: 'cause',
    severity: 'error',
    cause: "A model file was downloaded only in part (the connection dropped or a proxy cut the transfer), so the Hugging Face client's size check fails and the weights cannot be loaded.",
    fix: 'Restart the download (the incomplete file is discarded); on unstable links set env HF_HUB_DOWNLOAD_TIMEOUT=60 in spec.env and download into spec.storage.pvc (mounted at /model-store, env HF_HOME=/model-store/huggingface) so a retry resumes from complete files.',
  },
  {
    id: 'trust-remote-code-required',
    title: 'Model needs --trust-remote-code',
    keywords: [literal('requires you to execute'), literal('contains custom code'), literal('trust_remote_code=True')],
    patterns: [
      /requires you to execute the configuration file in that repo/,
      /contains custom code which must be executed/,
      /(?:set the option|pass the argument|Please pass) `?trust_remote_code=True/,
    ],
    role: 'cause',
    severity: 'error',
    cause: 'The model ships its own Python code, which vLLM runs only when allowed to.',
    fix: 'Add --trust-remote-code to spec.args (after reviewing the model repository’s code).',
    manifestFix: { kind: 'add-arg', arg: '--trust-remote-code' },
  },
  {
    id: 'tp-size-vs-attention-heads',
    title: 'Tensor-parallel size does not divide the attention heads',
    keywords: [literal('must be divisible by tensor parallel size')],
    patterns: [/Total number of attention heads \(\d+\) must be divisible by tensor parallel size \(\d+\)/],
    role: 'cause',
    severity: 'error',
    cause: "Tensor parallelism splits the model's attention heads evenly across GPUs, and this model's head count is not divisible by --tensor-parallel-size.",
    fix: 'Set --tensor-parallel-size in spec.args to a divisor of the head count shown in the log (e.g. 4 for 52 heads) and spec.resources.limits["nvidia.com/gpu"] to the same number; to use more GPUs, add --pipeline-parallel-size instead.',
    refine: refineTensorParallel,
  },
  {
    id: 'nim-profile-not-found',
    title: 'NIM profile not available for this model or GPU',
    keywords: [literal('Unknown profiles provided'), literal('Could not match a profile in manifest'), literal('No compatible profile')],
    patterns: [/Unknown profiles provided/, /Could not match a profile in manifest/, /No compatible profile/],
    role: 'cause',
    severity: 'error',
    cause: 'The NIM was asked for a model profile (env NIM_MODEL_PROFILE, or the profiles of a NIMCache) that this NIM does not ship, or no shipped profile matches the GPUs it runs on.',
    fix: 'Run list-model-profiles in the NIM image (or read the valid ids the error prints) and set spec.source.ngc.model.profiles (NIMCache) or env NIM_MODEL_PROFILE in spec.env to a compatible id, or remove the selection so the NIM picks one.',
  },
];

/** The largest tensor-parallel size below the one asked that divides the heads: 52 heads on 8 → 4, 64 on 3 → 2. */
function refineTensorParallel(evidence: string): { fix: string; manifestFix?: ManifestFix } | undefined {
  const m = /attention heads \((\d+)\) must be divisible by tensor parallel size \((\d+)\)/.exec(evidence);
  if (!m) return undefined;
  const [heads, asked] = [Number(m[1]), Number(m[2])];
  let size = Math.min(asked - 1, heads);
  while (size > 1 && heads % size !== 0) size--;
  if (size < 1) return undefined;
  return {
    fix: `Set --tensor-parallel-size ${size} in spec.args and spec.resources.limits["nvidia.com/gpu"]: ${size} (${size} divides the ${heads} attention heads; ${asked} does not). To use more GPUs, add --pipeline-parallel-size instead.`,
    manifestFix: { kind: 'tensor-parallel', size },
  };
}
