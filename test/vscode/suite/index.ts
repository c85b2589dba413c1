// Runs inside VS Code's extension host (loaded by @vscode/test-electron): activation, contributions, diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'inference-endpoint-studio.inference-endpoint-studio';

const tests: Array<[string, () => Promise<void>]> = [
  ['the extension activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  }],
  ['every contributed command is registered', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  }],
  ['a manifest with a known mistake gets its diagnostic', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: apps.nvidia.com/v1alpha1\nkind: NIMService\nmetadata:\n  name: x\nspec:\n  authSecret: ngc-api-secret\n  image:\n    repository: vllm/vllm-omni\n    tag: v0.20.0\n  storage:\n    emptyDir: {}\n',
    });
    await vscode.window.showTextDocument(document);
    const deadline = Date.now() + 10_000;
    let codes: string[] = [];
    while (Date.now() < deadline) {
      codes = vscode.languages.getDiagnostics(document.uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
      if (codes.includes('shm-missing')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(codes.includes('shm-missing'), `diagnostics: ${codes.join(', ')}`);
  }],
];

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, body] of tests) {
    try {
      await body();
      console.log(`ok - ${name}`);
    } catch (error) {
      console.log(`not ok - ${name}: ${(error as Error).message}`);
      failures.push(name);
    }
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} extension-host test(s) failed: ${failures.join('; ')}`);
}
