import type * as vscode from 'vscode';
import type { ClusterManager } from '../../core/kube/clusterManager.js';
import { nimCacheFactsFromCluster } from '../../core/lint/crossDocument/clusterNimCacheFacts.js';
import type { NimCacheFacts } from '../../core/lint/crossDocument/nimCacheFacts.js';

/**
 * Publishes the NIMCaches of the current context whenever the explorer's watch sees them change (or the current
 * context moves), so that a NIMService being edited is checked against the caches it will really mount. Only a
 * cluster the explorer already watches is read: linting never connects to a cluster by itself.
 */
export function publishClusterNimCaches(manager: ClusterManager, publish: (facts: NimCacheFacts[]) => void): vscode.Disposable {
  let last = '';
  const send = () => {
    const context = manager.currentContext;
    const cache = context ? manager.existingCache(context) : undefined;
    const facts = cache ? nimCacheFactsFromCluster(cache.nimCaches(), context) : [];
    const key = JSON.stringify(facts);
    if (key === last) return;
    last = key;
    publish(facts);
  };
  const offCache = manager.onDidChangeCache((context, change) => {
    if (context === manager.currentContext && (change.nimCacheList || change.nimCaches.size || change.status)) send();
  });
  const offConfig = manager.onDidChangeConfig(send);
  send();
  return { dispose: () => { offCache(); offConfig(); } };
}
