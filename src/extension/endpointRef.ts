import * as vscode from 'vscode';
import { parseTargetLine } from '../core/kube/target.js';
import { NIM_CACHES, PODS } from '../core/kube/resourceKinds.js';
import type { KubeAccess } from '../core/kube/kubeAccess.js';
import { kubeAccessFor } from './clusterAccess.js';
import { isExplorerNode, targetOfNode } from './explorer/explorerNodes.js';
import { settings } from './settings.js';

/** The endpoint or pod a logs, doctor or operate command acts on, from a tree node, another command or the user. */
export interface EndpointRef {
  context?: string;
  namespace: string;
  /** NIMService name for an endpoint; pod name for a pod or container. */
  name: string;
  kind: 'nimservice' | 'pod';
  container?: string;
}

function isEndpointRef(value: unknown): value is EndpointRef {
  const v = value as Partial<EndpointRef> | undefined;
  return (v?.kind === 'nimservice' || v?.kind === 'pod') && typeof v.namespace === 'string' && typeof v.name === 'string';
}

/** An explorer node (NIMService, Deployment or StatefulSet endpoint, pod, container) or a ref handed over by another command. */
export function refFromNode(node: unknown): EndpointRef | undefined {
  if (isEndpointRef(node)) return node;
  if (!isExplorerNode(node)) return undefined;
  const target = targetOfNode(node);
  if (!target?.namespace || target.resource === NIM_CACHES) return undefined;
  if (target.resource === PODS) return { context: target.context, namespace: target.namespace, name: target.name, kind: 'pod', container: target.container };
  // Deployments and StatefulSets are read through their pods' app.kubernetes.io/name label, as NIMServices are.
  return { context: target.context, namespace: target.namespace, name: target.name, kind: 'nimservice' };
}

/** The shared connection to the cluster the explorer shows under `context` (default: the current context). */
export function openExtensionKube(context?: string): KubeAccess {
  return kubeAccessFor(context, settings.explorer().kubeconfig);
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
  const namespace = target.namespace ?? openExtensionKube().defaultNamespace;
  return { namespace, name: target.name, kind: target.kind };
}
