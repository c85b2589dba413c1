import { request } from 'node:http';

function getJson(port: number, path: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The operator's model check (internal/nimmodels): GET /v1/models without an API key; one entry → its id,
 * several → the one whose root equals its id; on 404 GET /v1/metadata (modelInfo[0].shortName before ':').
 * Undefined when the server refuses (401 with --api-key) or answers something else.
 */
export async function checkModel(port: number, timeoutMs = 30_000): Promise<string | undefined> {
  const models = await getJson(port, '/v1/models', timeoutMs);
  if (models.status === 200) {
    const data = (models.body as { data?: Array<{ id?: string; root?: string }> } | undefined)?.data ?? [];
    if (data.length === 1) return data[0].id;
    return data.find((m) => m.id && m.root === m.id)?.id;
  }
  if (models.status === 404) {
    const metadata = await getJson(port, '/v1/metadata', timeoutMs);
    const shortName = (metadata.body as { modelInfo?: Array<{ shortName?: string }> } | undefined)?.modelInfo?.[0]?.shortName;
    if (metadata.status === 200 && shortName) return shortName.split(':')[0];
  }
  return undefined;
}
