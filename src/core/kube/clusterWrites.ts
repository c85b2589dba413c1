import { KubeApiError, kindOfStatus } from './kubeApiError.js';
import { corePath } from './paths.js';
import { redactSecrets } from '../security/redact.js';
import { statusMessage, type KubeTransport } from './kubeTransport.js';

export async function createNamespace(transport: KubeTransport, namespace: string): Promise<void> {
  const response = await transport.request('/api/v1/namespaces', { method: 'POST', timeoutMs: 60_000, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  if (response.status >= 300 && response.status !== 409) throw new KubeApiError(kindOfStatus(response.status), `cannot create namespace ${namespace}: ${response.status} ${statusMessage(response)}`, response.status);
}

/**
 * Creates the Secret, or adds keys to an existing one (a merge patch leaves its other keys alone). Values go
 * from memory into the request body and nowhere else: error messages are built without the server's text
 * when it could echo them.
 */
export async function putSecretKeys(transport: KubeTransport, namespace: string, name: string, values: Record<string, string>, options: { type?: string } = {}): Promise<'created' | 'updated'> {
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  const created = await transport.request(corePath(namespace, 'secrets'), {
    method: 'POST', timeoutMs: 60_000,
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: options.type ?? 'Opaque', data },
  });
  if (created.status < 300) return 'created';
  if (created.status !== 409) throw secretError('create', namespace, name, created.status, created.text, values);
  const patched = await transport.request(corePath(namespace, 'secrets', name), { method: 'PATCH', timeoutMs: 60_000, body: { data }, contentType: 'application/merge-patch+json' });
  if (patched.status < 300) return 'updated';
  throw secretError('update', namespace, name, patched.status, patched.text, values);
}

function secretError(verb: string, namespace: string, name: string, status: number, body: string, values: Record<string, string>): KubeApiError {
  let message = '';
  try {
    message = String((JSON.parse(body) as { message?: string }).message ?? '');
  } catch {
    message = '';
  }
  message = redactSecrets(message, Object.values(values));
  return new KubeApiError(kindOfStatus(status), `cannot ${verb} Secret ${namespace}/${name}: ${status}${message ? ` ${message}` : ''}`, status);
}
