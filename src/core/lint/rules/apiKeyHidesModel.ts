import { findEnv } from '../../nimservice/env.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { findFlag } from '../../nimservice/vllmInvocation.js';
import { nimServiceRule, tokenRange } from './nimServiceRule.js';

const WHY = "the operator's GET /v1/models check sends no API key, gets 401, and status.model.name stays empty (the service still turns Ready)";

export const apiKeyHidesModel = nimServiceRule({
  id: 'api-key-hides-model',
  description: 'vLLM --api-key (or VLLM_API_KEY) hides the served model from the operator.',
  check(view, context) {
    if (!isVllmRuntime(view.runtime)) return;
    const d = view.document;
    const flag = findFlag(view.invocation, 'api-key');
    const flagRange = tokenRange(view, flag?.nameToken);
    if (flag && flagRange) {
      context.report({
        code: 'api-key-hides-model',
        severity: 'warning',
        message: `--api-key: ${WHY}. Remove it unless clients really need a key, and then read status from the pod instead.`,
        ...flagRange,
      });
    }
    const env = findEnv(view.env, 'VLLM_API_KEY');
    if (env) {
      context.report({
        code: 'api-key-hides-model',
        severity: 'warning',
        message: `VLLM_API_KEY: ${WHY}. Remove it unless clients really need a key.`,
        ...(d.valueRange([...env.path, 'name']) ?? d.valueRange(env.path)!),
      });
    }
  },
});
