import type { KubeObject, ObjectStore, PodPortResolver, SimClock } from '../../store/types.js';
import { Controller } from '../controller.js';
import type { EventRecorder } from '../eventRecorder.js';
import { KEYS, SIM_ANNOTATIONS } from '../storeKeys.js';
import { objectKey, splitKey } from '../workQueue.js';
import { isPodReady } from '../workloads/podFromTemplate.js';
import { checkModel } from './modelCheck.js';
import { nimConditions, type NimState } from './nimServiceStatus.js';
import { createHash } from 'node:crypto';

/** The annotation in which the NIM Operator keeps the hash of what it last rendered for an object. */
const LAST_APPLIED_HASH = 'nvidia.com/last-applied-hash';
import { desiredReplicas, nimSpec, renderDeployment, renderPvc, renderService, servicePort } from './renderNimService.js';

/** The operator requeues a failed model check after 5 s. */
const MODEL_RETRY_MS = 5_000;

export interface NimServiceControllerOptions {
  store: ObjectStore;
  clock: SimClock;
  events: EventRecorder;
  ports: PodPortResolver;
  /** Allocates a ClusterIP for the Services it creates. */
  clusterIP: () => string;
}

/**
 * The NIM Operator's standalone NIMService reconcile: PVC, Service, Deployment (owned, so deleting the
 * NIMService cascades), then status from the Deployment's rollout and the model check against a ready pod.
 */
export class NimServiceController extends Controller {
  /** Model names found per NIMService uid+generation; a check in flight is marked by `null`. */
  private readonly models = new Map<string, string | null>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: NimServiceControllerOptions) {
    const { store } = options;
    super(store, {
      for: KEYS.nimServices,
      owns: [KEYS.deployments, KEYS.services, KEYS.pvcs].map((resource) => ({ resource, ownerKind: 'NIMService' })),
      watches: [
        // The NIMServices that cache their model in a NIMCache wait for it.
        { resource: KEYS.nimCaches, map: (cache) => store.list(KEYS.nimServices, cache.metadata.namespace).filter((nim) => nimSpec(nim).storage?.nimCache?.name === cache.metadata.name).map((nim) => objectKey(nim.metadata.namespace, nim.metadata.name)) },
        // Pods of the operator's Deployments (readiness drives the model check and the status).
        { resource: KEYS.pods, map: (pod) => (pod.metadata.labels?.['app.kubernetes.io/managed-by'] === 'k8s-nim-operator' && pod.metadata.labels['app.kubernetes.io/name'] ? [objectKey(pod.metadata.namespace, pod.metadata.labels['app.kubernetes.io/name'])] : []) },
      ],
    });
  }

  override stop(): void {
    this.stopped = true;
    super.stop();
    for (const t of this.timers) clearTimeout(t);
  }

  private requeueAfter(key: string, ms: number): void {
    if (this.stopped) return;
    // At high --speed, 5 simulated seconds are a blink: keep retries at least 250 real ms apart.
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.queue.add(key);
    }, Math.max(ms, 250 * this.options.clock.speed));
    timer.unref?.();
    this.timers.add(timer);
  }

  protected reconcile(key: string): void {
    const { store } = this.options;
    const { namespace, name } = splitKey(key);
    const nim = store.get(KEYS.nimServices, namespace, name);
    if (!nim || nim.metadata.deletionTimestamp || nim.metadata.annotations?.[SIM_ANNOTATIONS.static]) return;
    const spec = nimSpec(nim);
    let cachePvc: string | undefined;
    const cacheName = spec.storage?.nimCache?.name;
    if (cacheName) {
      const cache = store.get(KEYS.nimCaches, namespace, cacheName);
      const cacheState = (cache?.status as { state?: string; pvc?: string } | undefined)?.state;
      if (!cache) return this.writeStatus(nim, 'Failed', 'NIMCacheNotFound', `NIMCache ${cacheName} not found`);
      if (cacheState === 'Failed') return this.writeStatus(nim, 'Failed', 'NIMCacheFailed', `NIMCache ${cacheName} failed`);
      if (cacheState !== 'Ready') return this.writeStatus(nim, 'NotReady', 'NIMCacheNotReady', `NIMCache ${cacheName} not ready`);
      cachePvc = (cache.status as { pvc?: string }).pvc;
    }
    const pvc = renderPvc(nim);
    if (pvc && !store.get(KEYS.pvcs, namespace, pvc.metadata.name)) store.create(KEYS.pvcs, pvc);
    const service = renderService(nim);
    const existingService = store.get(KEYS.services, namespace, service.metadata.name);
    if (!existingService) {
      store.create(KEYS.services, { ...service, spec: { ...(service.spec as object), clusterIP: this.options.clusterIP(), clusterIPs: undefined } });
    } else if (JSON.stringify(portsOf(existingService)) !== JSON.stringify(portsOf(service))) {
      store.update(KEYS.services, { ...existingService, spec: { ...(existingService.spec as object), ports: portsOf(service) } });
    }
    const rendered = renderDeployment(nim, cachePvc);
    // Like the operator (IsSpecChanged): the rendered object's hash is kept in an annotation and the Deployment is
    // written only when that hash changes, so edits others make (a rollout restart's annotation) survive.
    const hash = createHash('sha256').update(JSON.stringify(rendered)).digest('hex');
    const desired: KubeObject = { ...rendered, metadata: { ...rendered.metadata, annotations: { ...(rendered.metadata.annotations ?? {}), [LAST_APPLIED_HASH]: hash } } };
    const existing = store.get(KEYS.deployments, namespace, name);
    if (!existing) {
      store.create(KEYS.deployments, desired);
      return this.writeStatus(nim, 'NotReady', 'NotReady', `Waiting for deployment "${name}" rollout to finish: 0 of ${desiredReplicas(spec)} updated replicas are available...`);
    }
    if (existing.metadata.annotations?.[LAST_APPLIED_HASH] !== hash) {
      store.update(KEYS.deployments, { ...existing, metadata: { ...existing.metadata, annotations: { ...(existing.metadata.annotations ?? {}), [LAST_APPLIED_HASH]: hash } }, spec: { ...(existing.spec as object), ...(desired.spec as object) } });
      return;
    }
    this.rolloutStatus(nim, existing);
  }

  private rolloutStatus(nim: KubeObject, deployment: KubeObject): void {
    const name = deployment.metadata.name;
    const replicas = (deployment.spec as { replicas?: number }).replicas ?? 1;
    const status = (deployment.status ?? {}) as { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number };
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const observed = (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 1);
    if (replicas === 0) return this.writeStatus(nim, 'NotReady', 'NotReady', `deployment "${name}" has 0 replicas`, available);
    if (!observed || updated < replicas) return this.writeStatus(nim, 'NotReady', 'NotReady', `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`, available);
    if ((status.replicas ?? 0) > updated) return this.writeStatus(nim, 'NotReady', 'NotReady', `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`, available);
    if (available < updated) return this.writeStatus(nim, 'NotReady', 'NotReady', `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, available);
    this.writeStatus(nim, 'Ready', 'Ready', `deployment "${name}" successfully rolled out`, available, this.modelName(nim));
  }

  /** The model check runs once per generation after rollout; failures retry every 5 s and never fail the NIMService. */
  private modelName(nim: KubeObject): string {
    const key = `${nim.metadata.uid}/${nim.metadata.generation}`;
    const known = this.models.get(key);
    if (typeof known === 'string') return known;
    if (known === null) return '';
    const pod = this.options.store.list(KEYS.pods, nim.metadata.namespace).find((p) => p.metadata.labels?.app === nim.metadata.name && isPodReady(p));
    const target = pod && this.options.ports.resolve(nim.metadata.namespace ?? 'default', pod.metadata.name, servicePort(nimSpec(nim)));
    const nimKey = objectKey(nim.metadata.namespace, nim.metadata.name);
    if (!target) {
      this.requeueAfter(nimKey, MODEL_RETRY_MS);
      return '';
    }
    this.models.set(key, null);
    checkModel(target.port)
      .then((model) => {
        if (model) this.models.set(key, model);
        else {
          this.models.delete(key);
          this.requeueAfter(nimKey, MODEL_RETRY_MS);
        }
        this.queue.add(nimKey);
      })
      .catch(() => {
        this.models.delete(key);
        this.requeueAfter(nimKey, MODEL_RETRY_MS);
      });
    return '';
  }

  private writeStatus(nim: KubeObject, state: NimState, reason: string, message: string, availableReplicas?: number, modelName?: string): void {
    const previous = (nim.status ?? {}) as { conditions?: Parameters<typeof nimConditions>[3]; state?: string };
    const service = this.options.store.get(KEYS.services, nim.metadata.namespace, renderService(nim).metadata.name);
    const clusterIP = (service?.spec as { clusterIP?: string } | undefined)?.clusterIP;
    const port = servicePort(nimSpec(nim));
    const status: Record<string, unknown> = {
      ...(availableReplicas !== undefined ? { availableReplicas } : {}),
      conditions: nimConditions(state, reason, message, previous.conditions, this.options.clock.now(), nim.metadata.generation),
      state,
      ...(state === 'Ready' ? { model: { name: modelName ?? '', clusterEndpoint: clusterIP ? `${clusterIP}:${port}` : '', externalEndpoint: externalEndpoint(nim, service) } } : {}),
    };
    if (JSON.stringify(nim.status) === JSON.stringify(status)) return;
    if (previous.state !== state) {
      this.options.events.record({ involved: nim, type: state === 'Failed' ? 'Warning' : 'Normal', reason: state === 'Failed' ? reason : state, message: message || `NIMService ${nim.metadata.name} is ${state}`, component: 'nimservice-controller' });
    }
    this.options.store.update(KEYS.nimServices, { ...nim, status });
  }
}

function portsOf(service: KubeObject): unknown {
  return (service.spec as { ports?: unknown }).ports;
}

function externalEndpoint(nim: KubeObject, service: KubeObject | undefined): string {
  const host = nimSpec(nim).expose?.ingress?.spec?.rules?.[0]?.host;
  if (nimSpec(nim).expose?.ingress?.enabled && host) return host;
  const lb = (service?.status as { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } } | undefined)?.loadBalancer?.ingress?.[0];
  return lb ? `${lb.ip ?? lb.hostname}:${servicePort(nimSpec(nim))}` : '';
}
