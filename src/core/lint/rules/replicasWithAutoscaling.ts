import { deleteEntry } from '../../yaml/edits.js';
import { operatorRelease, releaseLabel } from '../../schema/operatorReleases.js';
import { nimServiceRule } from './nimServiceRule.js';

/**
 * Follows the operator release (OperatorRelease.replicasWithAutoscaling in src/core/schema/operatorReleases.ts):
 * from the v3.0.2 CRD on, a CEL rule rejects spec.replicas with spec.scale.enabled (an error); v1.0.1 and v2.0.2
 * ignore it (GetReplicas() returns 0 when autoscaling is enabled, api/apps/v1alpha1/nimservice_types.go), so it is
 * information there: the HPA's minReplicas decides.
 */
export const replicasWithAutoscaling = nimServiceRule({
  id: 'replicas-with-autoscaling',
  description: 'spec.replicas must not be set when spec.scale.enabled is true.',
  check(view, context) {
    const d = view.document;
    if (d.valueAt(['spec', 'scale', 'enabled']) !== true) return;
    const key = d.keyRange(['spec', 'replicas']);
    if (!key) return;
    const edits = deleteEntry(d, ['spec', 'replicas']);
    const release = operatorRelease(context.options.operatorVersion);
    const ignored = release.replicasWithAutoscaling === 'ignored';
    context.report({
      code: 'replicas-with-autoscaling',
      severity: ignored ? 'info' : 'error',
      message: ignored
        ? `${releaseLabel(release.version)} ignores spec.replicas when autoscaling is enabled (spec.scale.hpa.minReplicas decides); later releases reject it: remove it.`
        : 'spec.replicas cannot be set when autoscaling is enabled: remove it and configure min/max replicas in spec.scale.hpa instead.',
      ...key,
      fixes: edits ? [{ title: 'Remove spec.replicas', edits, isPreferred: true }] : undefined,
    });
  },
});
