import { stringify } from 'yaml';
import { KubeApiError, kindOfStatus } from '../kube/kubeApiError.js';
import { FIELD_MANAGER, nimServicePath } from '../kube/paths.js';
import type { NimService } from '../kube/nimService.js';
import { statusMessage, type KubeTransport } from '../kube/kubeTransport.js';

export interface ApplyConflict {
  /** e.g. `.spec.replicas`. */
  field: string;
  /** e.g. `"kubectl-client-side-apply" using apps.nvidia.com/v1alpha1`. */
  manager: string;
}

export type ApplyResult =
  | { ok: true; object: Record<string, unknown>; created: boolean }
  | { ok: false; conflicts: ApplyConflict[]; message: string };

export interface ApplyOptions {
  dryRun?: boolean;
  force?: boolean;
  fieldManager?: string;
  signal?: AbortSignal;
}

/** The object as sent: namespace filled in, nothing the server owns. */
export function applyBody(nim: NimService, namespace: string): NimService {
  const { status: _status, ...rest } = nim as NimService & Record<string, unknown>;
  return { ...rest, metadata: { ...(nim.metadata ?? {}), namespace } };
}

/**
 * Server-side apply of a NIMService (`application/apply-patch+yaml`, field manager `inference-endpoint-studio`).
 * A 409 comes back as the conflicting fields and their managers so the user can choose to force.
 */
export async function serverSideApply(transport: KubeTransport, nim: NimService, namespace: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const name = nim.metadata?.name;
  if (!name) throw new KubeApiError('other', 'the NIMService has no metadata.name');
  const existed = await exists(transport, namespace, name, options.signal);
  const response = await transport.request(nimServicePath(namespace, name), {
    method: 'PATCH',
    timeoutMs: 60_000,
    query: { fieldManager: options.fieldManager ?? FIELD_MANAGER, force: options.force ? true : undefined, dryRun: options.dryRun ? 'All' : undefined },
    body: applyBody(nim, namespace),
    contentType: 'application/apply-patch+yaml',
    signal: options.signal,
  });
  if (response.status === 409) return { ok: false, conflicts: parseConflicts(response.json), message: statusMessage(response) };
  if (response.status >= 300) throw new KubeApiError(kindOfStatus(response.status), `apply NIMService ${namespace}/${name}: ${response.status} ${statusMessage(response)}`, response.status);
  return { ok: true, object: response.json as Record<string, unknown>, created: !existed };
}

async function exists(transport: KubeTransport, namespace: string, name: string, signal?: AbortSignal): Promise<boolean> {
  return (await readLive(transport, namespace, name, signal)) !== undefined;
}

/** The live NIMService, undefined when there is none. */
export async function readLive(transport: KubeTransport, namespace: string, name: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
  const response = await transport.request(nimServicePath(namespace, name), { method: 'GET', timeoutMs: 60_000, signal });
  if (response.status === 404) return undefined;
  if (response.status >= 300) throw new KubeApiError(kindOfStatus(response.status), `get NIMService ${namespace}/${name}: ${response.status} ${statusMessage(response)}`, response.status);
  return response.json as Record<string, unknown>;
}

/** `details.causes` of a FieldManagerConflict Status, with the message's lines as a fallback. */
export function parseConflicts(status: unknown): ApplyConflict[] {
  const s = status as { message?: string; details?: { causes?: Array<{ type?: string; message?: string; field?: string }> } } | undefined;
  const causes = (s?.details?.causes ?? []).filter((c) => c.type === 'FieldManagerConflict' && c.field);
  if (causes.length) return causes.map((c) => ({ field: c.field!, manager: (c.message ?? '').replace(/^conflicts? with /, '') }));
  const out: ApplyConflict[] = [];
  const single = /conflict with (.+): (\S+)$/.exec(s?.message ?? '');
  if (single) return [{ manager: single[1], field: single[2] }];
  let manager = '';
  for (const line of (s?.message ?? '').split('\n')) {
    const m = /conflicts with (.+):$/.exec(line);
    if (m) manager = m[1];
    else if (line.startsWith('- ')) out.push({ manager, field: line.slice(2) });
  }
  return out;
}

const SERVER_FIELDS = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];

/** YAML for the diff editor: what the user wrote and the server defaulted, without bookkeeping that always differs. */
export function diffableYaml(object: Record<string, unknown> | undefined): string {
  if (!object) return '';
  const { status: _status, ...rest } = object;
  const metadata = { ...((rest.metadata as Record<string, unknown>) ?? {}) };
  for (const key of SERVER_FIELDS) delete metadata[key];
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _last, ...others } = annotations;
    metadata.annotations = Object.keys(others).length ? others : undefined;
    if (!metadata.annotations) delete metadata.annotations;
  }
  return stringify({ ...rest, metadata }, { lineWidth: 0 });
}

export function describeConflicts(conflicts: readonly ApplyConflict[]): string {
  return conflicts.map((c) => `${c.field} (owned by ${c.manager})`).join(', ');
}
