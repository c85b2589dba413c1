import * as vscode from 'vscode';
import type { ClusterEndpoint } from '../../core/cluster/endpoints.js';
import type { GpuNodeSummary, GpuPool } from '../../core/cluster/gpuPools.js';
import type { PodLike } from '../../core/cluster/kubeTypes.js';
import { profileCount, type ClusterNimCache, type NimCacheStateClass } from '../../core/cluster/nimCaches.js';
import { age } from './age.js';

const STATE_ICONS: Record<ClusterEndpoint['state'], vscode.ThemeIcon> = {
  Ready: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  NotReady: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  Pending: new vscode.ThemeIcon('clock'),
  Failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

export function item(label: string, description: string | undefined, collapsible: boolean, icon: vscode.ThemeIcon, contextValue: string): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(label, collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  treeItem.description = description;
  treeItem.iconPath = icon;
  treeItem.contextValue = contextValue;
  treeItem.accessibilityInformation = { label: description ? `${label} ${description}` : label };
  return treeItem;
}

function migText(mig: Record<string, { capacity: number; allocated: number }>): string {
  return Object.entries(mig)
    .map(([r, c]) => `${r.replace('nvidia.com/mig-', '')} ${c.capacity - c.allocated}/${c.capacity}`)
    .join(', ');
}

export function poolItem(pool: GpuPool): vscode.TreeItem {
  const gpus = pool.capacity > 0 ? `${pool.free} free / ${pool.capacity} GPUs` : '';
  const mig = Object.keys(pool.mig).length ? `MIG ${migText(pool.mig)} free` : '';
  const warn = pool.unschedulableNodes ? `${pool.unschedulableNodes} unschedulable` : '';
  const description = [gpus, mig, pool.gpuProduct, warn].filter(Boolean).join(' · ');
  const icon = pool.free === 0 && pool.capacity > 0 ? new vscode.ThemeIcon('circuit-board', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('circuit-board');
  const treeItem = item(pool.name, description, true, icon, 'ies.pool');
  const md = new vscode.MarkdownString(`**GPU pool ${pool.name}**${pool.label ? ` (\`${pool.label}\`)` : ''}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n| GPU | ${pool.gpuProduct ?? '—'} |\n| Nodes | ${pool.nodes}${pool.unschedulableNodes ? ` (${pool.unschedulableNodes} cordoned or NotReady)` : ''} |\n| Total capacity | ${pool.capacity} |\n| Allocated | ${pool.allocated} |\n| Free | ${pool.free} |\n`);
  for (const [r, c] of Object.entries(pool.mig)) md.appendMarkdown(`| ${r} | ${c.allocated} / ${c.capacity} allocated |\n`);
  if (pool.capacity < 2 && !Object.keys(pool.mig).length) md.appendMarkdown(`\n$(warning) Total capacity ${pool.capacity} < 2: an endpoint here leaves no GPU for the jobs that call it.`);
  md.supportThemeIcons = true;
  treeItem.tooltip = md;
  return treeItem;
}

export function gpuNodeItem(node: GpuNodeSummary): vscode.TreeItem {
  const flags = [node.cordoned ? 'cordoned' : '', node.ready ? '' : 'NotReady'].filter(Boolean);
  const gpus = node.capacity > 0 ? `${node.free} free / ${node.capacity}` : '';
  const mig = Object.keys(node.mig).length ? `MIG ${migText(node.mig)}` : '';
  const description = [gpus, mig, ...flags, node.taints.length ? `${node.taints.length} taint${node.taints.length > 1 ? 's' : ''}` : ''].filter(Boolean).join(' · ');
  const icon = flags.length ? new vscode.ThemeIcon('server', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('server');
  const treeItem = item(node.name, description, node.gpuPods.length > 0, icon, flags.length ? 'ies.gpuNode.unschedulable' : 'ies.gpuNode');
  const md = new vscode.MarkdownString(`**Node ${node.name}**\n\n${node.gpuProduct ?? ''}\n\nGPUs: ${node.allocated} allocated of ${node.capacity}, ${node.free} free`);
  if (flags.length) md.appendMarkdown(`\n\n**${flags.join(', ')}**: its GPUs are not counted as free.`);
  if (node.taints.length) md.appendMarkdown(`\n\nTaints: ${node.taints.map((t) => `\`${t}\``).join(', ')}${node.taints.every((t) => t.startsWith('nvidia.com/gpu')) ? ' (GPU workloads usually tolerate these)' : ''}`);
  treeItem.tooltip = md;
  return treeItem;
}

export function endpointItem(endpoint: ClusterEndpoint, now = Date.now()): vscode.TreeItem {
  const parts = [endpoint.state, `${endpoint.readyReplicas}/${endpoint.desiredReplicas}`, endpoint.model, endpoint.createdAt ? age(endpoint.createdAt, now) : undefined];
  if (endpoint.weightsOnEphemeralStorage) parts.push('weights on ephemeral storage');
  const label = endpoint.kind === 'NIMService' ? endpoint.name : `${endpoint.name} (${endpoint.kind})`;
  const treeItem = item(label, parts.filter(Boolean).join(' · '), true, STATE_ICONS[endpoint.state], `ies.endpoint.${endpoint.kind}`);
  const md = new vscode.MarkdownString(`**${endpoint.kind} ${endpoint.namespace}/${endpoint.name}** — ${endpoint.state}\n\n`);
  md.appendMarkdown(`Model: \`${endpoint.model ?? 'unknown'}\`  \nReplicas: ${endpoint.readyReplicas} ready / ${endpoint.desiredReplicas} desired  \nGPUs per replica: ${endpoint.gpusPerReplica}\n`);
  if (endpoint.clusterEndpoint) md.appendMarkdown(`\nCluster endpoint: \`${endpoint.clusterEndpoint}\``);
  if (endpoint.externalEndpoint) md.appendMarkdown(`  \nExternal endpoint: \`${endpoint.externalEndpoint}\``);
  if (endpoint.conditions.length) {
    md.appendMarkdown('\n\n| Condition | Status | Reason | Message |\n|---|---|---|---|\n');
    for (const c of endpoint.conditions) md.appendMarkdown(`| ${c.type} | ${c.status} | ${c.reason ?? ''} | ${(c.message ?? '').replace(/\|/g, '\\|')} |\n`);
  }
  if (endpoint.weightsOnEphemeralStorage) md.appendMarkdown('\n\n**Weights on ephemeral storage**: the pod is evicted once the model fills the node disk. Serve it through a NIMService with a PVC.');
  treeItem.tooltip = md;
  return treeItem;
}

export function podPhase(pod: PodLike): string {
  const waiting = pod.status?.containerStatuses?.map((s) => s.state?.waiting?.reason).find(Boolean);
  return waiting ?? pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

export function podItem(pod: PodLike, extra?: string): vscode.TreeItem {
  const statuses = pod.status?.containerStatuses ?? [];
  const ready = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const phase = podPhase(pod);
  const description = [phase, `${ready}/${pod.spec?.containers?.length ?? statuses.length} ready`, restarts ? `${restarts} restarts` : '', extra ?? ''].filter(Boolean).join(' · ');
  const bad = /Error|CrashLoop|BackOff|Failed|OOM|Evicted/.test(phase);
  const icon = new vscode.ThemeIcon('package', bad ? new vscode.ThemeColor('list.errorForeground') : undefined);
  const treeItem = item(pod.metadata?.name ?? '', description, (pod.spec?.containers?.length ?? 0) > 0, icon, 'ies.pod');
  treeItem.tooltip = new vscode.MarkdownString(`**Pod ${pod.metadata?.namespace}/${pod.metadata?.name}**\n\nNode: ${pod.spec?.nodeName ?? 'not scheduled'}  \nPhase: ${phase}${pod.status?.message ? `\n\n${pod.status.message}` : ''}`);
  return treeItem;
}

const CACHE_ICONS: Record<NimCacheStateClass, vscode.ThemeIcon> = {
  Ready: new vscode.ThemeIcon('database', new vscode.ThemeColor('testing.iconPassed')),
  InProgress: new vscode.ThemeIcon('sync'),
  Failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One NIMCache: state, PVC and size, profiles; the tooltip has its conditions and the NIMServices that mount it. */
export function nimCacheItem(cache: ClusterNimCache, now = Date.now()): vscode.TreeItem {
  const profiles = profileCount(cache);
  const parts = [
    cache.state,
    `PVC ${cache.pvc.name}${cache.pvc.size ? ` ${cache.pvc.size}` : ''}`,
    profiles ? `${profiles} profile${profiles === 1 ? '' : 's'}` : 'profiles: auto',
    cache.usedBy.length ? `used by ${cache.usedBy.length}` : '',
    cache.createdAt ? age(cache.createdAt, now) : undefined,
  ];
  const treeItem = item(cache.name, parts.filter(Boolean).join(' · '), true, CACHE_ICONS[cache.stateClass], `ies.nimCache.${cache.stateClass}`);
  const md = new vscode.MarkdownString(`**NIMCache ${cache.namespace}/${cache.name}** — ${cache.state}\n\n`);
  md.appendMarkdown(`Model: \`${cache.model ?? 'unknown'}\`  \nPVC: \`${cache.pvc.name}\`${cache.pvc.size ? ` (${cache.pvc.size}${cache.pvc.storageClass ? `, ${cache.pvc.storageClass}` : ''})` : ''}${cache.pvc.create === false ? ', existing claim' : ''}\n`);
  md.appendMarkdown(`\nSelected profiles: ${cache.selectedProfiles.length ? cache.selectedProfiles.map((p) => `\`${p}\``).join(', ') : 'none (the operator picks for the GPUs it finds)'}`);
  if (cache.cachedProfiles.length) md.appendMarkdown(`  \nCached profiles: ${cache.cachedProfiles.map((p) => `\`${p.name}\``).join(', ')}`);
  md.appendMarkdown(`\n\nUsed by: ${cache.usedBy.length ? cache.usedBy.map((n) => `NIMService \`${n}\``).join(', ') : 'no NIMService'}`);
  md.appendMarkdown(`  \nCaching pod: ${cache.cachingPods.length ? cache.cachingPods.map((p) => `\`${p}\``).join(', ') : 'none found'}`);
  if (cache.conditions.length) {
    md.appendMarkdown('\n\n| Condition | Status | Reason | Message |\n|---|---|---|---|\n');
    for (const c of cache.conditions) md.appendMarkdown(`| ${cell(c.type)} | ${cell(c.status)} | ${cell(c.reason)} | ${cell(c.message)} |\n`);
  }
  treeItem.tooltip = md;
  return treeItem;
}
