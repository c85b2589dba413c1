import * as vscode from 'vscode';
import { dockerRunCommand } from '../../core/dockerRun/dockerRunCommand.js';
import { findNimServiceDocument } from '../../core/doctor/manifestFixEdits.js';
import type { NimService } from '../../core/kube/nimService.js';
import { deleteObject, ownedObjects, restartEndpoint, scaleWorkload } from '../../core/kube/operate.js';
import { NIM_SERVICES } from '../../core/kube/resourceKinds.js';
import { openExtensionKube, pickRef } from '../endpointRef.js';

export const SCALE = 'inferenceEndpointStudio.scale';
export const RESTART = 'inferenceEndpointStudio.restart';
export const DELETE = 'inferenceEndpointStudio.deleteEndpoint';
export const COPY_DOCKER_RUN = 'inferenceEndpointStudio.copyDockerRun';

export async function scaleCommand(node: unknown): Promise<void> {
  const ref = await pickRef(node, 'Scale which NIMService?');
  if (!ref || ref.kind !== 'nimservice') return;
  const text = await vscode.window.showInputBox({ prompt: `Replicas for ${ref.namespace}/${ref.name}`, validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'a non-negative integer') });
  if (text === undefined) return;
  await withKube(ref.context, (kube) => scaleWorkload(kube.transport, NIM_SERVICES, ref.namespace, ref.name, Number(text)), `Scaled ${ref.name} to ${text}.`);
}

export async function restartCommand(node: unknown): Promise<void> {
  const ref = await pickRef(node, 'Restart which NIMService?');
  if (!ref || ref.kind !== 'nimservice') return;
  await withKube(ref.context, (kube) => restartEndpoint(kube.transport, ref.namespace, ref.name), `Restarting ${ref.name} (rollout).`);
}

export async function deleteCommand(node: unknown): Promise<void> {
  const ref = await pickRef(node, 'Delete which NIMService?');
  if (!ref || ref.kind !== 'nimservice') return;
  const kube = openExtensionKube(ref.context);
  try {
    const owned = await ownedObjects(kube.transport, ref.namespace, ref.name);
    const list = owned.map((o) => `${o.kind} ${o.name}${o.kind === 'PersistentVolumeClaim' ? ' (its model weights are deleted)' : ''}`).join(', ');
    const ok = await vscode.window.showWarningMessage(`Delete NIMService ${ref.namespace}/${ref.name}?`, { modal: true, detail: owned.length ? `Also deleted with it: ${list}.` : 'Nothing else is owned by it.' }, 'Delete');
    if (ok !== 'Delete') return;
    await deleteObject(kube.transport, NIM_SERVICES, ref.namespace, ref.name);
    void vscode.window.showInformationMessage(`Deleted NIMService ${ref.namespace}/${ref.name}.`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Delete ${ref.name}: ${(error as Error).message}`);
  } finally {
    kube.close();
  }
}

export async function copyDockerRunCommand(uri: vscode.Uri | undefined): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const nim = document && findNimServiceDocument(document.getText());
  if (!nim) return void vscode.window.showErrorMessage('Open a file with one NIMService to copy its docker run command.');
  await vscode.env.clipboard.writeText(dockerRunCommand(nim.toJS() as NimService));
  void vscode.window.showInformationMessage('Copied the docker run command (Secret-backed variables pass through from your shell: export them first).');
}

async function withKube(context: string | undefined, run: (kube: ReturnType<typeof openExtensionKube>) => Promise<unknown>, done: string): Promise<void> {
  const kube = openExtensionKube(context);
  try {
    await run(kube);
    void vscode.window.showInformationMessage(done);
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
  } finally {
    kube.close();
  }
}
