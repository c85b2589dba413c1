import * as vscode from 'vscode';
import { renderTemplate } from '../../core/scaffold/index.js';

export { OPEN_EXAMPLE_MANIFEST } from '../scaffold/commandIds.js';

/**
 * Opens, as a new unsaved document, the image-edit NIMService template with the mistake that costs most hours:
 * /dev/shm limited to the container runtime's usual 64Mi, too small for vLLM-omni's multi-process executor (it
 * crash-loops with "No space left on device"). The editor marks it at once and offers the fix.
 */
export async function openExampleManifest(): Promise<void> {
  const rendered = renderTemplate('qwen-image-edit-vllm-omni', { name: 'qwen-image-edit-example' }).text;
  const withMistake = rendered.replace(/sharedMemorySizeLimit: .*/, 'sharedMemorySizeLimit: 64Mi');
  const header = '# An example NIMService with a mistake: the lightbulb on the marked line fixes it.\n';
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: header + withMistake });
  await vscode.window.showTextDocument(document);
}
