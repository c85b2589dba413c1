import type { Rule, RuleContext } from '../lint/rule.js';
import { operatorRelease, releaseLabel } from './operatorReleases.js';

const SERVICE_MONITOR_FIELDS = ['additionalLabels', 'annotations', 'interval', 'scrapeTimeout'] as const;

/**
 * `spec.metrics.enabled: true` with an empty `spec.metrics.serviceMonitor`: the operator's NIMService webhook
 * (internal/webhook/apps/v1alpha1/nimservice_webhook_validation_helper.go, validateMetricsConfiguration, from v3.0.0)
 * rejects it with "must be defined if spec.metrics.enabled is true" — `reflect.DeepEqual(metrics.ServiceMonitor,
 * ServiceMonitor{})`, so any of additionalLabels, annotations, interval or scrapeTimeout makes it non-empty.
 * Before v3.0 there is no webhook and the operator creates the ServiceMonitor with Prometheus' defaults: nothing to
 * report. v3.0/v3.1 ship the webhook off by default (Helm `operator.admissionController.enabled: false`): a warning;
 * main turns it on by default: an error. Per release: OperatorRelease.webhook (operatorReleases.ts).
 */
export const metricsServiceMonitorRule: Rule = {
  id: 'metrics-servicemonitor-missing',
  codes: ['metrics-servicemonitor-missing'],
  description: "NIMService with metrics.enabled and no metrics.serviceMonitor: rejected by the operator's webhook (v3.0 and later).",
  appliesTo: (document) => document.kind === 'NIMService',
  check({ document, options, report }: RuleContext) {
    const release = operatorRelease(options.operatorVersion);
    if (release.webhook === 'none') return;
    if (document.valueAt(['spec', 'metrics', 'enabled']) !== true) return;
    const monitor = document.valueAt(['spec', 'metrics', 'serviceMonitor']);
    const record = monitor !== null && typeof monitor === 'object' && !Array.isArray(monitor) ? (monitor as Record<string, unknown>) : {};
    if (SERVICE_MONITOR_FIELDS.some((field) => record[field] !== undefined && record[field] !== null && record[field] !== '')) return;
    const range = document.keyRange(['spec', 'metrics', 'serviceMonitor']) ?? document.keyRange(['spec', 'metrics', 'enabled']) ?? document.keyRange(['spec', 'metrics'])!;
    const onByDefault = release.webhook === 'default';
    report({
      code: 'metrics-servicemonitor-missing',
      severity: onByDefault ? 'error' : 'warning',
      message:
        `spec.metrics.serviceMonitor must be defined if spec.metrics.enabled is true: ${releaseLabel(release.version)}'s admission webhook rejects this NIMService` +
        (onByDefault ? '' : ' when the webhook is enabled (Helm operator.admissionController.enabled, off by default in this release)') +
        '. Set e.g. spec.metrics.serviceMonitor.interval: 30s, or disable metrics.',
      ...range,
    });
  },
};
