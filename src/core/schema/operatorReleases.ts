import type { OperatorVersion } from '../lint/options.js';
import { lineOf } from '../lint/options.js';

/**
 * What the NIM Operator release a user runs does with a NIMService, where lint rules depend on it. Each fact was
 * read in the operator's source at the release's tag (github.com/NVIDIA/k8s-nim-operator; commits in
 * third_party/nim-operator/README.md); the CRD of each release is in third_party/nim-operator/crd/<version>/.
 */
export interface OperatorRelease {
  version: OperatorVersion;
  /** Release line (`v1.0`, …) or `main`. */
  line: string;
  /** Upstream commit the stored CRDs come from. */
  commit: string;
  /**
   * `spec.authSecret` is in the CRD's `spec.required` (the API server rejects a NIMService without it).
   * v1.0.1: `required: [authSecret]`; v2.0.2 to v3.1.2: `[authSecret, image]`; main since 767135c (2026-08-07):
   * `[image]`, and the webhook only warns when it is empty (nimservice_webhook_validation_helper.go validateAuthSecret).
   */
  authSecretRequired: boolean;
  /**
   * `spec.replicas` together with `spec.scale.enabled: true`.
   * - `ignored`: v1.0.1 and v2.0.2 have no CEL rule and no webhook; `GetReplicas()` returns 0 when autoscaling is
   *   enabled and `GetDeploymentParams()` leaves the Deployment's replicas to the HPA
   *   (api/apps/v1alpha1/nimservice_types.go), so the value is silently ignored.
   * - `rejected`: the v3.0.2 CRD (and later) carries the CEL rule "spec.replicas cannot be set when spec.scale.enabled
   *   is true" (the v3.1.2 webhook's validateScaleConfiguration says the same), so the API server rejects it.
   */
  replicasWithAutoscaling: 'ignored' | 'rejected';
  /**
   * The operator always mounts a `dshm` emptyDir with `medium: Memory` at /dev/shm (`GetVolumes` /
   * `GetVolumeMounts` in api/apps/v1alpha1/nimservice_types.go, every release). Its `sizeLimit` is
   * `spec.storage.sharedMemorySizeLimit`, a field added in v2.0.1; without it (and always in v1.0) the volume has no
   * size limit: a memory-backed emptyDir is then bounded by the pod's memory limit (or the node's memory), never the
   * container runtime's 64 MiB default.
   */
  sharedMemorySizeLimitField: boolean;
  /**
   * The NIMService validating webhook (internal/webhook/apps/v1alpha1/nimservice_webhook_validation_helper.go,
   * from v3.0.0): `none` before v3.0; `opt-in` in v3.0/v3.1 (Helm `operator.admissionController.enabled: false`);
   * `default` on main (`enabled: true`). Among its checks: `metrics.enabled: true` needs a non-empty
   * `metrics.serviceMonitor` (validateMetricsConfiguration).
   */
  webhook: 'none' | 'opt-in' | 'default';
}

export const OPERATOR_RELEASES: Readonly<Record<OperatorVersion, OperatorRelease>> = {
  'v1.0.1': { version: 'v1.0.1', line: 'v1.0', commit: '5c3659b0c836ec08e65c21f0ea8a0fa0476eacea', authSecretRequired: true, replicasWithAutoscaling: 'ignored', sharedMemorySizeLimitField: false, webhook: 'none' },
  'v2.0.2': { version: 'v2.0.2', line: 'v2.0', commit: 'c6d9fe65d5543df215616d3bac81487081b5342a', authSecretRequired: true, replicasWithAutoscaling: 'ignored', sharedMemorySizeLimitField: true, webhook: 'none' },
  'v3.0.2': { version: 'v3.0.2', line: 'v3.0', commit: '1cc1750182177c4186713f0ac7c4194f836676ee', authSecretRequired: true, replicasWithAutoscaling: 'rejected', sharedMemorySizeLimitField: true, webhook: 'opt-in' },
  'v3.1.2': { version: 'v3.1.2', line: 'v3.1', commit: 'f9e3047e0bf40eea8f195d3b73c83432f75d983a', authSecretRequired: true, replicasWithAutoscaling: 'rejected', sharedMemorySizeLimitField: true, webhook: 'opt-in' },
  main: { version: 'main', line: 'main', commit: 'f63f74d7ad22eaea7943cc640e545f4ccdbb8077', authSecretRequired: false, replicasWithAutoscaling: 'rejected', sharedMemorySizeLimitField: true, webhook: 'default' },
};

export function operatorRelease(version: OperatorVersion): OperatorRelease {
  return OPERATOR_RELEASES[version];
}

/** "NIM Operator v1.0 (v1.0.1)" / "NIM Operator main". */
export function releaseLabel(version: OperatorVersion): string {
  return version === 'main' ? 'NIM Operator main' : `NIM Operator ${lineOf(version)} (${version})`;
}
