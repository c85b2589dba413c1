export { runHealthCheck, type HealthCheckOptions } from './runHealthCheck.js';
export { clusterChecks, isPodReady, RESTART_WINDOW_MS, type ClusterFacts, type NimServiceStatusLike } from './clusterChecks.js';
export { kindRoutes, type KindRoutes } from './kindRoutes.js';
export { parsePrometheus, engineMetrics, type MetricSample, type EngineMetrics } from './prometheus.js';
export { healthRouteVerdict, modelServedVerdict, apiKeyVerdict, metricsVerdict, servedModelIds, type Verdict } from './verdicts.js';
export { CHECK_NAMES, worstStatus, type CheckName, type CheckResult, type CheckStatus, type HealthReport } from './types.js';
export { formatHealthText, healthReportMarkdown, healthJson } from './formatReport.js';
