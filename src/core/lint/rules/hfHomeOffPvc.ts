import { appendToSequence, replaceScalar } from '../../yaml/edits.js';
import { findEnv } from '../../nimservice/env.js';
import { HF_HOME_ON_PVC, isOnModelStore } from '../../nimservice/huggingFace.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { findFlag } from '../../nimservice/vllmInvocation.js';
import { nimServiceRule } from './nimServiceRule.js';

const PERSISTENT = ['pvc', 'nimCache', 'hostPath'];

/** The operator mounts the storage at /model-store, but Hugging Face caches under $HF_HOME (~/.cache by default). */
export const hfHomeOffPvc = nimServiceRule({
  id: 'hf-home-off-pvc',
  description: 'A Hugging Face model on persistent storage needs HF_HOME=/model-store/huggingface.',
  check(view, context) {
    if (!isVllmRuntime(view.runtime) || !view.huggingFaceModel) return;
    if (!view.storageSources.some((s) => PERSISTENT.includes(s))) return;
    if (isOnModelStore(findFlag(view.invocation, 'download-dir')?.value)) return;
    const d = view.document;
    const hfHome = findEnv(view.env, 'HF_HOME');
    if (hfHome?.hasValueFrom) return;
    if (hfHome && isOnModelStore(hfHome.value)) return;
    if (hfHome) {
      const valuePath = [...hfHome.path, 'value'];
      const edits = replaceScalar(d, valuePath, HF_HOME_ON_PVC);
      context.report({
        code: 'hf-home-off-pvc',
        severity: 'warning',
        message: `HF_HOME=${String(hfHome.value)} is not on the PVC mounted at /model-store: the weights fill ephemeral storage and are downloaded again after every restart. Set HF_HOME=${HF_HOME_ON_PVC}.`,
        ...(d.valueRange(valuePath) ?? d.valueRange(hfHome.path)!),
        fixes: edits ? [{ title: `Set HF_HOME=${HF_HOME_ON_PVC}`, edits, isPreferred: true }] : undefined,
      });
      return;
    }
    const edits = appendToSequence(d, NIM_PATHS.env, [{ name: 'HF_HOME', value: HF_HOME_ON_PVC }]);
    // The user adds an env entry: `env` when it exists, else the storage that is not being used.
    const range = d.keyRange(NIM_PATHS.env) ?? d.keyRange(NIM_PATHS.storage)!;
    context.report({
      code: 'hf-home-off-pvc',
      severity: 'warning',
      message: `${view.huggingFaceModel} is downloaded to ~/.cache/huggingface, not to the PVC mounted at /model-store: the weights fill ephemeral storage (eviction) and are fetched again after every restart. Add env HF_HOME=${HF_HOME_ON_PVC}.`,
      ...range,
      fixes: edits ? [{ title: `Add env HF_HOME=${HF_HOME_ON_PVC}`, edits, isPreferred: true }] : undefined,
    });
  },
});
