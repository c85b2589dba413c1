import { test } from 'node:test';
import { useSession } from './harness/session.js';
import assert from 'node:assert/strict';
import { startInferenceServer, type RunningInferenceServer } from '../../src/sim/servers/index.js';

let inference: RunningInferenceServer;
const s = useSession('health', async () => {
  inference = await startInferenceServer('vllm-omni', { modelId: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' });
  return {
    settings: {
      'inferenceEndpointStudio.endpoints': [{ name: 'edit-endpoint', baseUrl: `${inference.url}/v1`, kind: 'openai', expectedModel: 'nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL' }],
      'inferenceEndpointStudio.health.pinnedEndpoint': 'edit-endpoint',
      'inferenceEndpointStudio.health.intervalSeconds': 2,
    },
    onClose: () => inference.close(),
  };
});

test('the pinned endpoint shows healthy in the status bar, then unhealthy with a notification when it fails', async () => {
  await s.run('health-status-bar', async (page) => {
    const statusBar = page.locator('.part.statusbar');
    await statusBar.getByText(/edit-endpoint: healthy/).first().waitFor({ timeout: 60_000 });
    inference.control.update({ failRate: 1 });
    await statusBar.getByText(/edit-endpoint: unhealthy/).first().waitFor({ timeout: 60_000 });
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Endpoint edit-endpoint is unhealthy/ });
    await toast.first().waitFor({ timeout: 30_000 });
    assert.match((await toast.first().textContent()) ?? '', /unhealthy/);
    inference.control.update({ failRate: 0 });
    await statusBar.getByText(/edit-endpoint: healthy/).first().waitFor({ timeout: 60_000 });
  });
});
