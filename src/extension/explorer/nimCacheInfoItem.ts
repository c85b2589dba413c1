import * as vscode from 'vscode';
import type { NodeLike } from '../../core/cluster/kubeTypes.js';
import type { ClusterNimCache } from '../../core/cluster/nimCaches.js';
import { compatibleProfiles, poolFacts } from '../../core/cluster/nimProfiles.js';
import { settings } from '../settings.js';
import { item } from './treeItemFor.js';

/**
 * A row under a NIMCache: the PVC (name, requested size, storage class); a profile (cached or only selected, its
 * tags, the GPU pools it runs on); a NIMService that mounts the cache. Undefined when the row is gone.
 */
export function nimCacheInfoItem(cache: ClusterNimCache, key: string, nodes: readonly NodeLike[]): vscode.TreeItem | undefined {
  if (key === 'pvc') {
    const size = cache.pvc.size ? `${cache.pvc.size} requested` : 'size not in the spec';
    const treeItem = item(`PVC ${cache.pvc.name}`, [size, cache.pvc.storageClass, cache.pvc.create === false ? 'existing claim' : undefined].filter(Boolean).join(' · '), false, new vscode.ThemeIcon('database'), 'ies.cacheInfo.pvc');
    treeItem.tooltip = `PersistentVolumeClaim ${cache.namespace}/${cache.pvc.name}${cache.pvc.create === false ? ' (adopted: spec.storage.pvc.create is false)' : ''}. Usage is not reported by the Kubernetes API.`;
    return treeItem;
  }
  if (key.startsWith('profile:')) {
    const id = key.slice('profile:'.length);
    const row = compatibleProfiles(cache, poolFacts(nodes, settings.explorer().poolLabelKeys), cache.placement).find((r) => r.profile.id === id);
    if (!row) return undefined;
    const p = row.profile;
    const tags = [p.engine, p.gpu, p.precision, p.tensorParallel !== undefined ? `tp${p.tensorParallel}` : undefined, p.qos].filter(Boolean).join(' ');
    const state = row.cached ? 'cached' : 'selected, not cached yet';
    const where = row.compatible ? `runs on ${row.pools.join(', ')}` : 'no compatible pool';
    const icon = new vscode.ThemeIcon(row.compatible ? 'check' : 'close', new vscode.ThemeColor(row.compatible ? 'testing.iconPassed' : 'list.warningForeground'));
    const treeItem = item(p.name ?? p.id, [state, tags, where].filter(Boolean).join(' · '), false, icon, 'ies.cacheInfo.profile');
    const md = new vscode.MarkdownString(`**Profile** \`${p.id}\`${p.name && p.name !== p.id ? ` (${p.name})` : ''}\n\n${state}${tags ? ` — ${tags}` : ''}\n\n`);
    md.appendMarkdown(row.pools.length ? `Runs on: ${row.pools.join(', ')}` : 'Runs on no GPU pool the caching job may land on.');
    if (row.reasons.length) md.appendMarkdown(`\n\n${row.reasons.map((r) => `- ${r}`).join('\n')}`);
    treeItem.tooltip = md;
    return treeItem;
  }
  if (key.startsWith('user:')) {
    const user = key.slice('user:'.length);
    if (!cache.usedBy.includes(user)) return undefined;
    return item(`Used by NIMService ${user}`, undefined, false, new vscode.ThemeIcon('plug'), 'ies.cacheInfo.user');
  }
  return undefined;
}
