// A kubeconfig whose cluster is plain HTTP with a token: client-node refuses to send the token, and the user is told
// what to change in the kubeconfig, not to "log in again".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from '../../src/core/kube/kubeApiError.js';
import { KubeTransport } from '../../src/core/kube/kubeTransport.js';

test('plain-HTTP server with credentials: a kubeconfig problem naming the fix', async () => {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: 'http://127.0.0.1:1', skipTLSVerify: false }], users: [{ name: 'u', token: 'secret-token' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  const transport = new KubeTransport(kc);
  await assert.rejects(transport.getJson('/api/v1/nodes'), (e: unknown) => e instanceof KubeApiError && e.kind === 'config' && /plain HTTP.*https:\/\//.test(e.message) && !e.message.includes('secret-token'));
  transport.close();
});
