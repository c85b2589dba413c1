import type { TextEdit } from '../diagnostic.js';
import { appendToSequence, deleteEntry, insertIntoMap } from '../../yaml/edits.js';
import { findEnv } from '../../nimservice/env.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule, tokenRange } from './nimServiceRule.js';

/** The image-edit recipe and the templates name the Secret `hf-token-secret` with key HF_TOKEN. */
export const HF_TOKEN_FROM_SECRET = { secretKeyRef: { name: 'hf-token-secret', key: 'HF_TOKEN' } };

/** The operator injects HF_TOKEN only for NIM-style HF models, never into a plain vLLM container. */
export const hfTokenMissing = nimServiceRule({
  id: 'hf-token-missing',
  codes: ['hf-token-missing', 'hf-token-literal'],
  description: 'vLLM serving a Hugging Face model needs HF_TOKEN from a Secret.',
  check(view, context) {
    if (!isVllmRuntime(view.runtime) || !view.huggingFaceModel) return;
    const d = view.document;
    const token = findEnv(view.env, 'HF_TOKEN') ?? findEnv(view.env, 'HUGGING_FACE_HUB_TOKEN');
    if (token?.hasValueFrom) return;
    if (token) {
      const valuePath = [...token.path, 'value'];
      const deletion = deleteEntry(d, valuePath);
      const insertion = insertIntoMap(d, token.path, { valueFrom: HF_TOKEN_FROM_SECRET });
      const edits: TextEdit[] | undefined = deletion && insertion ? [...deletion, ...insertion] : undefined;
      context.report({
        code: 'hf-token-literal',
        severity: 'warning',
        message: `${token.name} is written into the manifest: anyone who can read the NIMService can read the token. Use valueFrom.secretKeyRef (Secret hf-token-secret, key HF_TOKEN) instead.`,
        ...(d.valueRange(valuePath) ?? d.valueRange(token.path)!),
        fixes: edits ? [{ title: 'Read the token from Secret hf-token-secret (key HF_TOKEN)', edits, isPreferred: true }] : undefined,
      });
      return;
    }
    const edits = appendToSequence(d, NIM_PATHS.env, [{ name: 'HF_TOKEN', valueFrom: HF_TOKEN_FROM_SECRET }]);
    // The user adds an env entry; without `env`, point at the model that needs the token.
    const range = d.keyRange(NIM_PATHS.env) ?? tokenRange(view, view.invocation?.model?.token) ?? d.keyRange(NIM_PATHS.spec)!;
    context.report({
      code: 'hf-token-missing',
      severity: 'warning',
      message: `No HF_TOKEN for ${view.huggingFaceModel}: gated models fail with 401/403 (GatedRepoError) and anonymous downloads are rate-limited. Add env HF_TOKEN from a Secret (valueFrom.secretKeyRef: hf-token-secret / HF_TOKEN).`,
      ...range,
      fixes: edits ? [{ title: 'Add env HF_TOKEN from Secret hf-token-secret', edits, isPreferred: true }] : undefined,
    });
  },
});
