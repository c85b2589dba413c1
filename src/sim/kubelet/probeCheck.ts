import { request } from 'node:http';
import type { Probe, RuntimeKind } from './runtimeProfile.js';

export type ProbeResult = { ok: true; status?: number } | { ok: false; message: string; status?: number };

/** Routes each runtime serves without auth (what a probe can hit). */
const ROUTES: Partial<Record<RuntimeKind, string[]>> = {
  vllm: ['/health', '/ping', '/metrics', '/version', '/v1/models', '/load'],
  'vllm-omni': ['/health', '/ping', '/metrics', '/version', '/v1/models'],
  nim: ['/v1/health/ready', '/v1/health/live', '/v1/models', '/v1/metrics', '/v1/metadata', '/v1/version'],
  nunchaku: ['/health', '/model-info', '/model-config'],
  omega: ['/health'],
};

export function probePort(probe: Probe, ports: Array<{ name?: string; containerPort: number }> | undefined): number | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return ports?.find((p) => p.name === port)?.containerPort;
}

export function connectionRefused(probe: Probe, podIP: string, port: number | undefined): ProbeResult {
  const address = `${podIP}:${port ?? 0}`;
  if (probe.httpGet) return { ok: false, message: `Get "http://${address}${probe.httpGet.path ?? '/'}": dial tcp ${address}: connect: connection refused` };
  return { ok: false, message: `dial tcp ${address}: connect: connection refused` };
}

/** What a probe gets from a server that is up, judged from the routes its runtime serves. */
export function staticProbe(probe: Probe, kind: RuntimeKind): ProbeResult {
  if (!probe.httpGet) return { ok: true };
  const routes = ROUTES[kind];
  if (!routes) return { ok: true, status: 200 };
  const path = (probe.httpGet.path ?? '/').split('?')[0];
  return routes.includes(path) ? { ok: true, status: 200 } : { ok: false, status: 404, message: 'HTTP probe failed with statuscode: 404' };
}

/** An HTTP probe against the simulated server, as the kubelet's prober does it (timeoutSeconds, 200–399 = success). */
export function httpProbe(probe: Probe, loopbackPort: number, podIP: string, containerPort: number, timeoutMs: number): Promise<ProbeResult> {
  const path = probe.httpGet?.path ?? '/';
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: loopbackPort, path, method: 'GET', headers: { 'User-Agent': 'kube-probe/1.31' }, timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 400 ? { ok: true, status } : { ok: false, status, message: `HTTP probe failed with statuscode: ${status}` });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, message: `Get "http://${podIP}:${containerPort}${path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
    });
    req.on('error', () => resolve(connectionRefused(probe, podIP, containerPort)));
    req.end();
  });
}
