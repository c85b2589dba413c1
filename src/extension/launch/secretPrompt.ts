import * as vscode from 'vscode';
import { putSecretKeys } from '../../core/kube/clusterWrites.js';
import type { KubeAccess } from '../../core/kube/kubeAccess.js';

/** Asks for each key in a password box and sends the values straight to the cluster: never stored, logged or shown. */
export async function createSecretFromPrompt(kube: KubeAccess, namespace: string, name: string, keys: string[]): Promise<boolean> {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const value = await vscode.window.showInputBox({ title: `Secret ${namespace}/${name}`, prompt: `Value for ${key} (sent to the cluster only)`, password: true, ignoreFocusOut: true });
    if (!value) return false;
    values[key] = value;
  }
  const type = keys.includes('.dockerconfigjson') ? 'kubernetes.io/dockerconfigjson' : 'Opaque';
  const outcome = await putSecretKeys(kube.transport, namespace, name, values, { type });
  void vscode.window.showInformationMessage(`Secret ${namespace}/${name} ${outcome} with ${keys.join(', ')}.`);
  return true;
}
