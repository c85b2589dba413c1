import * as vscode from 'vscode';
import { cacheProfilesReport, nimServiceProfilesReport, type CompatibleProfilesReport } from '../../core/cluster/nimProfileTargets.js';
import { describeCompatibility } from '../../core/cluster/nimProfiles.js';
import type { ClusterManager } from '../../core/kube/clusterManager.js';
import type { NimService } from '../../core/kube/nimService.js';
import { settings } from '../settings.js';
import type { ExplorerNode } from './explorerNodes.js';

export const LIST_COMPATIBLE_PROFILES = 'inferenceEndpointStudio.explorer.listCompatibleProfiles';

/** The report for a NIMCache node, or for a NIMService endpoint node (the cache it mounts, its pool and GPUs). */
export function compatibleProfilesFor(manager: ClusterManager, node: ExplorerNode): CompatibleProfilesReport | undefined {
  const cache = manager.existingCache(node.context) ?? manager.cache(node.context);
  const nodes = [...cache.informers.nodes.items.values()];
  const labelKeys = settings.explorer().poolLabelKeys;
  if (node.type === 'nimCache') {
    const nimCache = cache.nimCache(node.namespace, node.name);
    return nimCache && cacheProfilesReport(nimCache, nodes, labelKeys);
  }
  if (node.type === 'endpoint') {
    const [kind, namespace, name] = node.endpointId.split('/');
    if (kind !== 'NIMService') return undefined;
    const nim = cache.informers.nimServices.items.get(`${namespace}/${name}`) as NimService | undefined;
    if (!nim) return undefined;
    return nimServiceProfilesReport(nim as never, cache.nimCache(namespace, nim.spec?.storage?.nimCache?.name ?? ''), nodes, labelKeys);
  }
  return undefined;
}

/**
 * List Compatible Profiles: a quick pick with one row per profile of the cache (cached and selected), ✓ where the
 * profile runs on a GPU pool the pod may land on (and matches the NIMService's GPU count), ✗ with the reason
 * otherwise. Picking a row copies the profile id.
 */
export function registerCompatibleProfiles(manager: ClusterManager): vscode.Disposable {
  return vscode.commands.registerCommand(LIST_COMPATIBLE_PROFILES, async (node?: ExplorerNode) => {
    if (!node) return;
    const report = compatibleProfilesFor(manager, node);
    if (!report) return void vscode.window.showWarningMessage('List Compatible Profiles works on a NIMCache or a NIMService in the cluster explorer.');
    if (!report.rows.length) return void vscode.window.showInformationMessage(`${report.target}: ${report.note ?? 'no profiles'}`);
    const items = report.rows.map((row) => {
      const [head, where] = describeCompatibility(row).split(' — ');
      return { label: head, description: where, detail: row.profile.name && row.profile.name !== row.profile.id ? `id ${row.profile.id}` : undefined, id: row.profile.id };
    });
    const compatible = report.rows.filter((r) => r.compatible).length;
    const picked = await vscode.window.showQuickPick(items, {
      title: `Compatible profiles — ${report.target}: ${compatible} of ${report.rows.length} compatible`,
      placeHolder: 'Pick a profile to copy its id',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked) {
      await vscode.env.clipboard.writeText(picked.id);
      void vscode.window.showInformationMessage(`Copied profile id ${picked.id}`);
    }
  });
}
