// Engine telemetry for the playground (Load runs, the dashboard): watches the endpoint's metrics page through the
// same target the playground sends to (port-forward, TLS, proxy) and posts each sample. GPU figures come from the
// cluster's dcgm-exporter for cluster endpoints. No vscode import: the integration test drives it.
import type { RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import type { KubeAccess } from '../../core/kube/kubeAccess.js';
import { metricsUrlFor, noGpuSource, openDcgmSource, watchTelemetry, type GpuSource, type TelemetrySample } from '../../core/telemetry/index.js';
import type { TelemetrySampleMessage } from '../../messages/loadMessages.js';
import type { HostMessage, PlaygroundTargetMessage } from '../../messages/playgroundMessages.js';
import type { ResolvedTarget } from './loadRunner.js';

export const NOT_IN_A_CLUSTER = 'GPU figures come from the cluster\'s dcgm-exporter: pick the endpoint from a cluster (the explorer) to see them';

export interface TelemetryBridgeOptions {
  post(message: HostMessage): void;
  /** The shared connection to a kubeconfig context (for dcgm-exporter). */
  kubeAccess?(context?: string): Pick<KubeAccess, 'kubeConfig' | 'transport'>;
  /** Default: 1 s during a Load run (runs are short), 2 s on the dashboard. */
  intervalMs?: number;
}

/** The host's `watchTelemetry` dependency: starts a watch, returns its stop. */
export function telemetryBridge(options: TelemetryBridgeOptions) {
  return (request: { target: PlaygroundTargetMessage; resolved: ResolvedTarget; endpoint?: RegisteredEndpoint; source: 'load' | 'dashboard' }): (() => void) => {
    const { target, resolved, endpoint, source } = request;
    const post = (sample: TelemetrySample) => options.post({ type: 'telemetry', source, endpointKey: target.endpointKey, sample: sample satisfies TelemetrySampleMessage });
    const { url, reason } = metricsUrlFor(endpoint?.kind ?? 'openai', resolved.target.baseUrl);
    if (!url) {
      post({ at: Date.now(), gpus: [], error: reason });
      return () => {};
    }
    const watch = watchTelemetry({
      metricsUrl: url, dispatcher: resolved.dispatcher, viaProxy: resolved.viaProxy, headers: resolved.target.headers,
      intervalMs: options.intervalMs ?? (source === 'load' ? 1000 : 2000), gpus: gpuSourceFor(endpoint, options.kubeAccess), onSample: post,
    });
    return () => watch.stop();
  };
}

/** dcgm-exporter is looked for once, when the first reading is asked for. */
function gpuSourceFor(endpoint: RegisteredEndpoint | undefined, kubeAccess: TelemetryBridgeOptions['kubeAccess']): GpuSource {
  const cluster = endpoint?.cluster;
  if (!cluster || !kubeAccess) return noGpuSource(NOT_IN_A_CLUSTER);
  let opening: Promise<GpuSource> | undefined;
  const open = () => (opening ??= Promise.resolve().then(() => openDcgmSource(kubeAccess(cluster.context), { namespace: cluster.namespace, podPrefix: cluster.name })).catch((error: Error) => noGpuSource(error.message)));
  return {
    read: async (signal) => (await open()).read(signal),
    close: async () => { if (opening) await (await opening).close(); },
  };
}
