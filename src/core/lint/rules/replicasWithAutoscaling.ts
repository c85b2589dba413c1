import { deleteEntry } from '../../yaml/edits.js';
import { nimServiceRule } from './nimServiceRule.js';

export const replicasWithAutoscaling = nimServiceRule({
  id: 'replicas-with-autoscaling',
  description: 'spec.replicas must not be set when spec.scale.enabled is true.',
  check(view, context) {
    const d = view.document;
    if (d.valueAt(['spec', 'scale', 'enabled']) !== true) return;
    const key = d.keyRange(['spec', 'replicas']);
    if (!key) return;
    const edits = deleteEntry(d, ['spec', 'replicas']);
    context.report({
      code: 'replicas-with-autoscaling',
      severity: 'error',
      message: 'spec.replicas cannot be set when autoscaling is enabled: remove it and configure min/max replicas in spec.scale.hpa instead.',
      ...key,
      fixes: edits ? [{ title: 'Remove spec.replicas', edits, isPreferred: true }] : undefined,
    });
  },
});
