import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';
import { startCodeServer, type CodeServer } from './harness/codeServer.js';
import { openWorkbench, saveArtifacts, type Workbench } from './harness/workbench.js';

let inference: RunningInferenceServer;
let server: CodeServer | undefined;
let workbench: Workbench | undefined;

before(async () => {
  inference = await startInferenceServer('vllm-omni', { modelId: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' });
  const workspace = mkdtempSync(join(tmpdir(), 'ies-e2e-health-'));
  writeFileSync(join(workspace, 'README.md'), '# health e2e\n');
  server = await startCodeServer({
    workspace,
    settings: {
      'inferenceEndpointStudio.endpoints': [{ name: 'edit-endpoint', baseUrl: `${inference.url}/v1`, kind: 'openai', expectedModel: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' }],
      'inferenceEndpointStudio.health.pinnedEndpoint': 'edit-endpoint',
      'inferenceEndpointStudio.health.intervalSeconds': 2,
    },
  });
  workbench = await openWorkbench(server);
});

after(async () => {
  await workbench?.close();
  await server?.stop();
  await inference?.close();
});

test('the pinned endpoint shows healthy in the status bar, then unhealthy with a notification when it fails', async () => {
  const page = workbench!.page;
  try {
    const statusBar = page.locator('.part.statusbar');
    await statusBar.getByText(/edit-endpoint: healthy/).first().waitFor({ timeout: 60_000 });
    inference.control.update({ failRate: 1 });
    await statusBar.getByText(/edit-endpoint: unhealthy/).first().waitFor({ timeout: 60_000 });
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Endpoint edit-endpoint is unhealthy/ });
    await toast.first().waitFor({ timeout: 30_000 });
    assert.match((await toast.first().textContent()) ?? '', /unhealthy/);
    inference.control.update({ failRate: 0 });
    await statusBar.getByText(/edit-endpoint: healthy/).first().waitFor({ timeout: 60_000 });
  } catch (error) {
    await saveArtifacts(page, server, 'health-status-bar');
    throw error;
  }
});
