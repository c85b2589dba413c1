import { isMap } from 'yaml';
import { huggingFaceModelId } from '../../nimservice/huggingFace.js';
import { parameterBillionsFromName } from '../../nimservice/modelName.js';
import { MIN_STARTUP_BUDGET_SECONDS, startupBudgetSeconds } from '../../nimservice/probes.js';
import { insertIntoMap } from '../../yaml/edits.js';
import type { ServingContainer } from '../../workload/servingContainer.js';
import { serverName, servingContainerRule } from './servingContainerRule.js';

const CODE = 'startup-probe-missing';
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc', 'exec'];

/**
 * A liveness probe starts counting as soon as the container starts; a server that first downloads its weights
 * answers nothing for minutes, so the kubelet kills it mid-download, forever. A startup probe holds liveness off.
 */
export const startupProbeMissing = servingContainerRule({
  id: CODE,
  description: 'A server that downloads its weights at start (a Hugging Face or NGC model) has a startup probe when it has a liveness probe.',
  check(container, context) {
    const d = container.document;
    const model = downloadedModel(container);
    if (!model) return;
    const liveness = container.paths.probe('livenessProbe');
    const probe = d.nodeAt(liveness);
    if (!isMap(probe) || d.nodeAt(container.paths.probe('startupProbe')) !== undefined) return;
    const budget = startupBudgetSeconds((d.valueAt(liveness) ?? {}) as Record<string, unknown>);
    if (budget === undefined || budget >= MIN_STARTUP_BUDGET_SECONDS) return;
    const minutes = (parameterBillionsFromName(model) ?? 0) >= 100 ? 60 : 30;
    const handler = HANDLERS.find((h) => d.valueAt([...liveness, h]) !== undefined);
    const startupProbe = handler
      ? { [handler]: d.valueAt([...liveness, handler]), periodSeconds: 10, failureThreshold: minutes * 6 }
      : undefined;
    const edits = startupProbe ? insertIntoMap(d, container.paths.container, { startupProbe }) : undefined;
    context.report({
      code: CODE,
      severity: 'warning',
      message: `livenessProbe with no startupProbe: ${serverName(container)} downloads ${model} before it answers, and the liveness probe gives up after ${budget} s, so the kubelet restarts the container in the middle of the download (again and again). Add a startupProbe with the same check and a budget of ${minutes} min (failureThreshold ${minutes * 6} × periodSeconds 10).`,
      ...d.keyRange(liveness)!,
      fixes: edits ? [{ title: `Add a startupProbe (${minutes} min for the weights download)`, edits, isPreferred: true }] : undefined,
    });
  },
});

/** The Hugging Face id (or NGC model) fetched at start; undefined for a local path or an unknown server. */
function downloadedModel(container: ServingContainer): string | undefined {
  if (container.runtime === 'nim') return container.image?.repository.split('/').slice(-2).join('/');
  if (container.runtime === 'other') return undefined;
  return huggingFaceModelId(container.settings.model?.id);
}
