// Everything that talks to clusters and endpoints: health, playground, explorer, launch, logs, doctor, operate.
// Bundled on its own (dist/clusterFeatures.js) and loaded by src/extension/lazy/clusterFeatureLoader.ts the first
// time one of these is used, so that activation carries only the manifest editor.
import type * as vscode from 'vscode';
import { useClusterManager } from './clusterAccess.js';
import { connectExplorerAndHealth } from './explorerHealth.js';
import { registerExplorer, type ExplorerViewSlot } from './explorer/registerExplorer.js';
import { registerHealthFeature } from './health/registerHealthFeature.js';
import { registerLaunchFeature } from './launch/registerLaunchFeature.js';
import { registerPlayground, type PlaygroundApi } from './playground/registerPlayground.js';
import { registerPortForwards, type PortForwardsViewSlot } from './portForwards/registerPortForwards.js';
import { publishClusterNimCaches } from './lint/clusterNimCaches.js';
import type { NimCacheFacts } from '../core/lint/crossDocument/nimCacheFacts.js';

export interface ClusterFeatures {
  playground: PlaygroundApi;
}

/** What the cluster features tell the other bundles (through the activation bundle, which holds both). */
export interface ClusterFeatureHooks {
  /** The NIMCaches of the current context changed: the manifest editor lints NIMServices against them. */
  clusterNimCaches(facts: NimCacheFacts[]): void;
}

export function registerClusterFeatures(context: vscode.ExtensionContext, explorerView: ExplorerViewSlot, forwardsView: PortForwardsViewSlot, hooks: ClusterFeatureHooks): ClusterFeatures {
  let health: ReturnType<typeof registerHealthFeature> | undefined;
  const forwards = registerPortForwards(context, forwardsView, { endpoints: () => health?.registry });
  health = registerHealthFeature(context, forwards);
  const playground = registerPlayground(context, { registry: health.registry, reach: health.reach });
  const explorer = registerExplorer(context, explorerView);
  useClusterManager(explorer.manager);
  context.subscriptions.push(publishClusterNimCaches(explorer.manager, hooks.clusterNimCaches));
  context.subscriptions.push(connectExplorerAndHealth(explorer, health));
  registerLaunchFeature(context);
  return { playground };
}
