import type { KubeObject } from '../store/types.js';
import type { PrinterColumn } from './crd.js';
import { age } from './humanDuration.js';
import { evalSimpleJsonPath } from './jsonPath.js';
import type { ServedResource } from './registry.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface Column {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
  description?: string;
  cell: (object: any, now: Date) => unknown;
}

const name: Column = { name: 'Name', format: 'name', description: 'Name must be unique within a namespace.', cell: (o) => o.metadata.name };
const ageColumn: Column = { name: 'Age', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', cell: (o, now) => age(o.metadata.creationTimestamp, now) };
const count = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

function containerNames(template: any): string {
  return (template?.spec?.containers ?? []).map((c: any) => c.name).join(',');
}
function containerImages(template: any): string {
  return (template?.spec?.containers ?? []).map((c: any) => c.image).join(',');
}
function selectorText(selector: any): string {
  if (!selector) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? selector).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.length ? parts.join(',') : '<none>';
}

/** kubectl's pod STATUS: reason, then init containers, then the first waiting / terminated container, Terminating. */
export function podStatusText(pod: any): string {
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  const initStatuses: any[] = pod.status?.initContainerStatuses ?? [];
  const initTotal = (pod.spec?.initContainers ?? []).length;
  let initializing = false;
  initStatuses.forEach((s, i) => {
    if (initializing) return;
    if (s.state?.terminated?.exitCode === 0) return;
    if (s.state?.terminated) reason = s.state.terminated.reason ? `Init:${s.state.terminated.reason}` : `Init:ExitCode:${s.state.terminated.exitCode}`;
    else if (s.state?.waiting?.reason && s.state.waiting.reason !== 'PodInitializing') reason = `Init:${s.state.waiting.reason}`;
    else reason = `Init:${i}/${initTotal}`;
    initializing = true;
  });
  if (!initializing) {
    let hasRunning = false;
    for (const s of [...(pod.status?.containerStatuses ?? [])].reverse()) {
      if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state?.terminated) reason = s.state.terminated.signal ? `Signal:${s.state.terminated.signal}` : `ExitCode:${s.state.terminated.exitCode}`;
      else if (s.ready && s.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function podRestarts(pod: any, now: Date): string {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const restarts = statuses.reduce((sum, s) => sum + n(s.restartCount), 0);
  const last = statuses
    .map((s) => s.lastState?.terminated?.finishedAt)
    .filter(Boolean)
    .sort()
    .pop();
  return restarts > 0 && last ? `${restarts} (${age(last, now)} ago)` : String(restarts);
}

function nodeStatus(node: any): string {
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: any): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

function nodeAddress(node: any, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a.type === type)?.address ?? '<none>';
}

function servicePorts(svc: any): string {
  const ports = (svc.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
  return ports.length ? ports.join(',') : '<none>';
}

function externalIp(svc: any): string {
  const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip || i.hostname);
  const ips = [...(svc.spec?.externalIPs ?? []), ...ingress];
  if (ips.length) return ips.join(',');
  return svc.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
}

function eventObject(ev: any): string {
  return `${String(ev.involvedObject?.kind ?? '').toLowerCase()}/${ev.involvedObject?.name ?? ''}`;
}

const columnsByKind: Record<string, Column[]> = {
  Namespace: [name, { name: 'Status', cell: (o) => o.status?.phase ?? 'Active' }, ageColumn],
  Node: [
    name,
    { name: 'Status', cell: nodeStatus },
    { name: 'Roles', cell: nodeRoles },
    ageColumn,
    { name: 'Version', cell: (o) => o.status?.nodeInfo?.kubeletVersion ?? '' },
    { name: 'Internal-IP', priority: 1, cell: (o) => nodeAddress(o, 'InternalIP') },
    { name: 'External-IP', priority: 1, cell: (o) => nodeAddress(o, 'ExternalIP') },
    { name: 'OS-Image', priority: 1, cell: (o) => o.status?.nodeInfo?.osImage ?? '<unknown>' },
    { name: 'Kernel-Version', priority: 1, cell: (o) => o.status?.nodeInfo?.kernelVersion ?? '<unknown>' },
    { name: 'Container-Runtime', priority: 1, cell: (o) => o.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>' },
  ],
  Pod: [
    name,
    { name: 'Ready', description: 'The aggregate readiness state of this pod for accepting traffic.', cell: (o) => `${(o.status?.containerStatuses ?? []).filter((s: any) => s.ready).length}/${(o.spec?.containers ?? []).length}` },
    { name: 'Status', description: 'The aggregate status of the containers in this pod.', cell: podStatusText },
    { name: 'Restarts', description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.', cell: podRestarts },
    ageColumn,
    { name: 'IP', priority: 1, description: 'IP address allocated to the pod.', cell: (o) => o.status?.podIP ?? '<none>' },
    { name: 'Node', priority: 1, description: 'Name of the node the pod is assigned to.', cell: (o) => o.spec?.nodeName ?? '<none>' },
    { name: 'Nominated Node', priority: 1, cell: (o) => o.status?.nominatedNodeName ?? '<none>' },
    { name: 'Readiness Gates', priority: 1, cell: (o) => (o.spec?.readinessGates?.length ? `0/${o.spec.readinessGates.length}` : '<none>') },
  ],
  Event: [
    { name: 'Last Seen', cell: (o, now) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now) },
    { name: 'Type', cell: (o) => o.type ?? '' },
    { name: 'Reason', cell: (o) => o.reason ?? '' },
    { name: 'Object', cell: eventObject },
    { name: 'Subobject', priority: 1, cell: (o) => o.involvedObject?.fieldPath ?? '' },
    { name: 'Source', priority: 1, cell: (o) => [o.source?.component ?? o.reportingComponent, o.source?.host].filter(Boolean).join(', ') },
    { name: 'Message', cell: (o) => o.message ?? '' },
    { name: 'First Seen', priority: 1, cell: (o, now) => age(o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, now) },
    { name: 'Count', priority: 1, cell: (o) => o.count ?? 1 },
    { name: 'Name', priority: 1, format: 'name', cell: (o) => o.metadata.name },
  ],
  Service: [
    name,
    { name: 'Type', cell: (o) => o.spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', cell: (o) => o.spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', cell: externalIp },
    { name: 'Port(s)', cell: servicePorts },
    ageColumn,
    { name: 'Selector', priority: 1, cell: (o) => selectorText(o.spec?.selector) },
  ],
  Secret: [name, { name: 'Type', cell: (o) => o.type ?? 'Opaque' }, { name: 'Data', type: 'integer', cell: (o) => count(o.data) + count(o.stringData) }, ageColumn],
  ConfigMap: [name, { name: 'Data', type: 'integer', cell: (o) => count(o.data) + count(o.binaryData) }, ageColumn],
  PersistentVolumeClaim: [
    name,
    { name: 'Status', cell: (o) => (o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? 'Pending') },
    { name: 'Volume', cell: (o) => o.spec?.volumeName ?? '' },
    { name: 'Capacity', cell: (o) => o.status?.capacity?.storage ?? '' },
    { name: 'Access Modes', cell: (o) => (o.status?.accessModes ?? []).map((m: string) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m).join(',') },
    { name: 'StorageClass', cell: (o) => o.spec?.storageClassName ?? '<unset>' },
    { name: 'VolumeAttributesClass', cell: (o) => o.spec?.volumeAttributesClassName ?? '<unset>' },
    ageColumn,
    { name: 'VolumeMode', priority: 1, cell: (o) => o.spec?.volumeMode ?? 'Filesystem' },
  ],
  StorageClass: [
    { ...name, cell: (o) => (o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${o.metadata.name} (default)` : o.metadata.name) },
    { name: 'Provisioner', cell: (o) => o.provisioner ?? '' },
    { name: 'ReclaimPolicy', cell: (o) => o.reclaimPolicy ?? 'Delete' },
    { name: 'VolumeBindingMode', cell: (o) => o.volumeBindingMode ?? 'Immediate' },
    { name: 'AllowVolumeExpansion', cell: (o) => String(!!o.allowVolumeExpansion) },
    ageColumn,
  ],
  Deployment: [
    name,
    { name: 'Ready', cell: (o) => `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}` },
    { name: 'Up-to-date', type: 'integer', cell: (o) => n(o.status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => n(o.status?.availableReplicas) },
    ageColumn,
    { name: 'Containers', priority: 1, cell: (o) => containerNames(o.spec?.template) },
    { name: 'Images', priority: 1, cell: (o) => containerImages(o.spec?.template) },
    { name: 'Selector', priority: 1, cell: (o) => selectorText(o.spec?.selector) },
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => o.spec?.replicas ?? 1 },
    { name: 'Current', type: 'integer', cell: (o) => n(o.status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => n(o.status?.readyReplicas) },
    ageColumn,
    { name: 'Containers', priority: 1, cell: (o) => containerNames(o.spec?.template) },
    { name: 'Images', priority: 1, cell: (o) => containerImages(o.spec?.template) },
    { name: 'Selector', priority: 1, cell: (o) => selectorText(o.spec?.selector) },
  ],
  StatefulSet: [
    name,
    { name: 'Ready', cell: (o) => `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}` },
    ageColumn,
    { name: 'Containers', priority: 1, cell: (o) => containerNames(o.spec?.template) },
    { name: 'Images', priority: 1, cell: (o) => containerImages(o.spec?.template) },
  ],
  CustomResourceDefinition: [name, { name: 'Created At', type: 'date', cell: (o) => o.metadata.creationTimestamp ?? '' }],
};

function customColumns(printerColumns: PrinterColumn[]): Column[] {
  if (!printerColumns.length) return [name, ageColumn];
  return [
    name,
    ...printerColumns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format,
      priority: c.priority,
      description: c.description,
      cell: (o: unknown, now: Date) => {
        const value = evalSimpleJsonPath(o, c.jsonPath);
        if (value === undefined || value === null) return null;
        if (c.type === 'date') return age(value, now);
        if (typeof value === 'object') return JSON.stringify(value);
        return value;
      },
    })),
  ];
}

function columnsFor(resource: ServedResource): Column[] {
  if (resource.custom) return customColumns(resource.custom.printerColumns);
  return columnsByKind[resource.type.kind] ?? [name, ageColumn];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A `meta.k8s.io/v1` Table as the apiserver answers `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`. */
export function toTable(
  resource: ServedResource,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  now: Date,
  include: IncludeObject = 'Metadata',
  withColumns = true,
): Record<string, unknown> {
  const columns = columnsFor(resource);
  const columnDefinitions: ColumnDefinition[] = columns.map((c) => ({
    name: c.name,
    type: c.type ?? 'string',
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
  }));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    ...(withColumns ? { columnDefinitions } : {}),
    rows: objects.map((object) => {
      const row: Record<string, unknown> = { cells: columns.map((c) => c.cell(object, now) ?? null) };
      const included = rowObject(object, include);
      if (included) row.object = included;
      return row;
    }),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}
