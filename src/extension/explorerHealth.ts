import type * as vscode from 'vscode';
import { fromCluster } from '../core/endpoints/registry.js';
import type { RegisteredEndpoint } from '../core/endpoints/registeredEndpoint.js';
import type { ExplorerApi } from './explorer/registerExplorer.js';
import type { HealthFeatureApi } from './health/registerHealthFeature.js';

/**
 * Joins the explorer and health: endpoints the cluster caches discover become health / playground targets,
 * and endpoint tree items carry their health (badge via the decoration provider, a line in the tooltip).
 */
export function connectExplorerAndHealth(explorer: ExplorerApi, health: HealthFeatureApi): vscode.Disposable {
  const publish = (context: string) => {
    const cache = explorer.manager.existingCache(context);
    if (!cache) return;
    const discovered = cache.endpoints().map((endpoint) => fromCluster({ endpoint, context })).filter((e): e is RegisteredEndpoint => Boolean(e));
    health.registry.setDiscovered(context, discovered);
  };
  const stop = explorer.manager.onDidChangeCache((context, change) => {
    if (change.endpointList || change.endpoints.size) publish(context);
  });
  explorer.tree.decorateEndpoint = (treeItem, endpoint, context) => {
    const registered = fromCluster({ endpoint, context });
    if (!registered) return;
    treeItem.resourceUri = health.endpointHealthUri(registered.key);
    const tooltip = treeItem.tooltip;
    if (tooltip && typeof tooltip !== 'string') {
      tooltip.appendMarkdown('\n\n---\n\n');
      tooltip.appendMarkdown(health.tooltip(registered.key).value);
    }
  };
  return { dispose: stop };
}
