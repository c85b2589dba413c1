import type { KubeAccess } from '../kube/kubeAccess.js';
import { endpointSelector } from '../kube/paths.js';
import { readyPodName } from '../health/readClusterFacts.js';
import { PodForwarder, type ForwardEvent } from './podForwarder.js';

export interface EndpointForwardTarget {
  namespace: string;
  /** A NIMService (its pods carry app.kubernetes.io/name=NAME), or one pod when `pod` is set. */
  name: string;
  pod?: boolean;
  remotePort: number;
  /** 0 or absent: any free port. */
  localPort?: number;
  scheme?: 'http' | 'https';
  onEvent?: (event: ForwardEvent) => void;
}

/** A forward to an endpoint: to the newest ready pod of the NIMService, looked up again whenever its pod is replaced. */
export function endpointForwarder(kube: Pick<KubeAccess, 'kubeConfig' | 'transport'>, target: EndpointForwardTarget): PodForwarder {
  const selector = endpointSelector(target.name);
  return new PodForwarder(kube.kubeConfig, {
    namespace: target.namespace,
    remotePort: target.remotePort,
    localPort: target.localPort,
    scheme: target.scheme,
    onEvent: target.onEvent,
    resolvePod: target.pod ? async () => target.name : () => readyPodName(kube.transport, target.namespace, selector),
  });
}
