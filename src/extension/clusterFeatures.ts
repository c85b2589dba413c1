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

export interface ClusterFeatures {
  playground: PlaygroundApi;
}

export function registerClusterFeatures(context: vscode.ExtensionContext, explorerView: ExplorerViewSlot): ClusterFeatures {
  const health = registerHealthFeature(context);
  const playground = registerPlayground(context, { registry: health.registry, reach: health.reach });
  const explorer = registerExplorer(context, explorerView);
  useClusterManager(explorer.manager);
  context.subscriptions.push(connectExplorerAndHealth(explorer, health));
  registerLaunchFeature(context);
  return { playground };
}
