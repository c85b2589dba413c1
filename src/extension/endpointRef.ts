import * as vscode from 'vscode';
import { parseTargetLine } from '../../core/kube/target.js';
import { fromKubeConfig, type KubeAccess } from '../../core/launch/kubeAccess.js';
import { kubeConfigFor } from '../clusterAccess.js';
import { settings } from '../settings.js';

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
  return fromKubeConfig(kubeConfigFor(context, settings.explorer().kubeconfig));
}

/** A node's ref, or asks for a TARGET in the CLI's grammar (`NAMESPACE/NAME`, `pod/NAME -n NAMESPACE`, …). */
export async function pickRef(node: unknown, prompt: string): Promise<EndpointRef | undefined> {
  const fromNode = refFromNode(node);
  if (fromNode) return fromNode;
  const text = await vscode.window.showInputBox({
    prompt, placeHolder: 'NAMESPACE/NAME, pod/NAME -n NAMESPACE, or NAME (the current context\'s namespace)',
    validateInput: (value) => {
      try {
        parseTargetLine(value);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!text) return undefined;
  const target = parseTargetLine(text);
  let namespace = target.namespace;
  if (!namespace) {
    const kube = openExtensionKube();
    namespace = kube.defaultNamespace;
    kube.close();
  }
  return { namespace, name: target.name, kind: target.kind };
}
