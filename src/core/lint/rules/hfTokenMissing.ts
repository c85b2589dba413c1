import type { TextEdit } from '../diagnostic.js';
import { appendToSequence, deleteEntry, insertIntoMap } from '../../yaml/edits.js';
import { findEnv } from '../../nimservice/env.js';
import { huggingFaceModelId } from '../../nimservice/huggingFace.js';
import { isNimService } from '../../nimservice/nimServiceView.js';
import { containerRange, servingContainerRule, wordRange } from './servingContainerRule.js';

/** The image-edit recipe and the templates name the Secret `hf-token-secret` with key HF_TOKEN. */
export const HF_TOKEN_FROM_SECRET = { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } };

/** Organisations whose models are gated on Hugging Face: without a token the download fails. */
const GATED = /^(meta-llama|mistralai|google|nvidia|bigcode|tiiuae|CohereForAI|CohereLabs)\//i;

/** The operator injects HF_TOKEN only for NIM-style HF models, never into a plain vLLM container; pods get none either. */
export const hfTokenMissing = servingContainerRule({
  id: 'hf-token-missing',
  codes: ['hf-token-missing', 'hf-token-literal'],
  description: 'A server that downloads a Hugging Face model reads HF_TOKEN from a Secret (vLLM, SGLang, TGI; any workload kind).',
  nimService: true,
  check(container, context) {
    if (!['vllm', 'vllm-omni', 'sglang', 'tgi'].includes(container.runtime)) return;
    const model = huggingFaceModelId(container.settings.model?.id);
    if (!model) return;
    const d = container.document;
    const env = container.paths.env;
    const token = findEnv(container.env, 'HF_TOKEN') ?? findEnv(container.env, 'HUGGING_FACE_HUB_TOKEN');
    if (token?.hasValueFrom) return;
    if (!token && container.template && d.valueAt([...container.paths.container, 'envFrom']) !== undefined) return; // may come from a Secret wholesale
    if (token) {
      const valuePath = [...token.path, 'value'];
      const deletion = deleteEntry(d, valuePath);
      const insertion = insertIntoMap(d, token.path, { valueFrom: HF_TOKEN_FROM_SECRET });
      const edits: TextEdit[] | undefined = deletion && insertion ? [...deletion, ...insertion] : undefined;
      context.report({
        code: 'hf-token-literal',
        severity: 'warning',
        message: `${token.name} is written into the manifest: anyone who can read the ${d.kind ?? 'manifest'} can read the token. Use valueFrom.secretKeyRef (Secret hf-token-secret, key HF_TOKEN) instead.`,
        ...(d.valueRange(valuePath) ?? d.valueRange(token.path)!),
        fixes: edits ? [{ title: 'Read the token from Secret hf-token-secret (key HF_TOKEN)', edits, isPreferred: true }] : undefined,
      });
      return;
    }
    const edits = appendToSequence(d, env, [{ name: 'HF_TOKEN', valueFrom: HF_TOKEN_FROM_SECRET }]);
    // The user adds an env entry; without `env`, point at the model that needs the token.
    const modelToken = container.invocation?.model?.token;
    const range = d.keyRange(env) ?? wordRange(container, modelToken) ?? containerRange(container);
    // Public models download without a token: in a plain workload only a gated organisation's model needs one
    // (public tutorials serve Qwen, Gemma-free or TinyLlama models without it, and are right to).
    if (!isNimService(d) && !GATED.test(model)) return;
    context.report({
      code: 'hf-token-missing',
      severity: 'warning',
      message: `No HF_TOKEN for ${model}: gated models fail with 401/403 (GatedRepoError) and anonymous downloads are rate-limited. Add env HF_TOKEN from a Secret (valueFrom.secretKeyRef: hf-token-secret / HF_TOKEN).`,
      ...range,
      fixes: edits ? [{ title: 'Add env HF_TOKEN from Secret hf-token-secret', edits, isPreferred: true }] : undefined,
    });
  },
});
