import * as vscode from 'vscode';
import { fromKubeConfig, type KubeAccess } from '../../core/launch/kubeAccess.js';
import { kubeConfigFor } from '../clusterAccess.js';

/** What a tree node (or a palette pick) points at; tree nodes come from the explorer (src/extension/explorer/explorerNodes.ts). */
export interface EndpointRef {
  context?: string;
  namespace: string;
  /** NIMService name for an endpoint; pod name for a pod or container. */
  name: string;
  kind: 'nimservice' | 'pod';
  container?: string;
}

type TreeNode = { type?: string; kind?: string; context?: string; endpointId?: string; namespace?: string; name?: string; pod?: string; container?: string };

/** Reads an explorer node: `endpoint` (`kind/namespace/name`), `pod`, `container`. */
export function refFromNode(node: unknown): EndpointRef | undefined {
  const n = node as TreeNode | undefined;
  // The explorer's own Stream Logs hands over `{context, kind, namespace, name, container}`.
  if (!n?.type && n?.kind && n.namespace && n.name) {
    return n.kind === 'Pod' ? { context: n.context, namespace: n.namespace, name: n.name, kind: 'pod', container: n.container } : { context: n.context, namespace: n.namespace, name: n.name, kind: 'nimservice' };
  }
  if (!n?.type) return undefined;
  if (n.type === 'endpoint' && n.endpointId) {
    const [, namespace, name] = n.endpointId.split('/');
    return { context: n.context, namespace, name, kind: 'nimservice' };
  }
  if (n.type === 'pod' && n.namespace && n.name) return { context: n.context, namespace: n.namespace, name: n.name, kind: 'pod' };
  if (n.type === 'container' && n.namespace && n.pod) return { context: n.context, namespace: n.namespace, name: n.pod, kind: 'pod', container: n.name };
  return undefined;
}

/** The cluster the explorer shows under `context` (default: the current context), through the same merged files. */
export function openExtensionKube(context?: string): KubeAccess {
  const configured = vscode.workspace.getConfiguration('inferenceEndpointStudio').get<string>('explorer.kubeconfig', '') || undefined;
  return fromKubeConfig(kubeConfigFor(context, configured));
}

/** A node's ref, or asks for `namespace/name` of a NIMService. */
export async function pickRef(node: unknown, prompt: string): Promise<EndpointRef | undefined> {
  const fromNode = refFromNode(node);
  if (fromNode) return fromNode;
  const text = await vscode.window.showInputBox({ prompt, placeHolder: 'namespace/name or pod/namespace/name' });
  if (!text) return undefined;
  const parts = text.trim().split('/');
  if (parts[0] === 'pod' && parts.length === 3) return { namespace: parts[1], name: parts[2], kind: 'pod' };
  if (parts.length === 2) return { namespace: parts[0], name: parts[1], kind: 'nimservice' };
  void vscode.window.showErrorMessage(`Cannot read ${text}: use namespace/name or pod/namespace/name`);
  return undefined;
}
