import * as vscode from 'vscode';
import type { ClusterManager } from '../../core/kube/clusterManager.js';
import type { ExplorerNode } from './explorerNodes.js';

export const DIAGNOSE_CACHE = 'inferenceEndpointStudio.explorer.diagnoseCache';
const DIAGNOSE = 'inferenceEndpointStudio.diagnose';

/**
 * Diagnose on a NIMCache: the doctor on its newest caching pod (log, container status, events). A cache with no
 * caching pod failed before the operator made the Job (a missing PVC, no profile selected): its reconcile
 * condition says why.
 */
export function registerDiagnoseCache(manager: ClusterManager): vscode.Disposable {
  return vscode.commands.registerCommand(DIAGNOSE_CACHE, async (node?: ExplorerNode) => {
    if (node?.type !== 'nimCache') return;
    const cache = manager.existingCache(node.context)?.nimCache(node.namespace, node.name);
    if (!cache) return void vscode.window.showWarningMessage(`NIMCache ${node.namespace}/${node.name} is gone.`);
    const pod = cache.cachingPods[0];
    if (pod) return void (await vscode.commands.executeCommand(DIAGNOSE, { context: node.context, namespace: node.namespace, name: pod, kind: 'pod' }));
    const failed = cache.conditions.find((c) => c.type === 'NIM_CACHE_RECONCILE_FAILED' && c.status === 'True');
    const why = failed?.message ? `the operator could not reconcile it: ${failed.message}` : 'the operator has not started its caching job yet';
    void vscode.window.showInformationMessage(`NIMCache ${cache.name} is ${cache.state} and has no caching pod: ${why}.`);
  });
}
