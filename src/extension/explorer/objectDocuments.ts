import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { ClusterManager } from '../../core/kube/clusterManager.js';
import { EVENTS, resourcePath, type ResourceKind } from '../../core/kube/resourceKinds.js';

export const OBJECT_SCHEME = 'ies-k8s';

export interface ObjectRef {
  context: string;
  resource: ResourceKind;
  namespace?: string;
  name: string;
}

/** `ies-k8s:/<context>/<yaml|describe>/<key>/<namespace>/<name>.yaml`: read-only documents fetched live. */
export function objectUri(ref: ObjectRef, view: 'yaml' | 'describe'): vscode.Uri {
  const ext = view === 'yaml' ? 'yaml' : 'txt';
  return vscode.Uri.from({ scheme: OBJECT_SCHEME, path: `/${encodeURIComponent(ref.context)}/${view}/${ref.resource.key}/${ref.namespace ?? '_'}/${ref.name}.${ext}` });
}

export class ObjectDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly manager: ClusterManager,
    private readonly resources: ResourceKind[],
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, context, view, key, namespace, file] = uri.path.split('/');
    const resource = this.resources.find((r) => r.key === key);
    const name = file.replace(/\.(yaml|txt)$/, '');
    const ns = namespace === '_' ? undefined : namespace;
    if (!resource) return `# unknown resource ${key}`;
    const transport = this.manager.cache(decodeURIComponent(context)).transport;
    try {
      const object = await transport.getJson<Record<string, any>>(resourcePath(resource, ns, name));
      if (object.metadata) delete object.metadata.managedFields;
      if (view === 'yaml') return stringify(object);
      return describe(object, await transport.getJson<{ items: any[] }>(resourcePath(EVENTS, ns), { fieldSelector: `involvedObject.name=${name}` }).then((l) => l.items).catch(() => []));
    } catch (error) {
      return `# ${(error as Error).message}\n# Retry from the explorer once the cluster answers.`;
    }
  }
}

function describe(object: Record<string, any>, events: any[]): string {
  const m = object.metadata ?? {};
  const lines = [`Name:         ${m.name}`, `Namespace:    ${m.namespace ?? ''}`, `Kind:         ${object.kind}`, `Created:      ${m.creationTimestamp ?? ''}`, `Labels:       ${Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '<none>'}`];
  if (object.status?.state) lines.push(`State:        ${object.status.state}`);
  if (object.status?.phase) lines.push(`Phase:        ${object.status.phase}`);
  const conditions = object.status?.conditions ?? [];
  if (conditions.length) {
    lines.push('', 'Conditions:');
    for (const c of conditions) lines.push(`  ${c.type}=${c.status}  ${c.reason ?? ''}  ${c.message ?? ''}`.trimEnd());
  }
  lines.push('', 'Events:');
  if (!events.length) lines.push('  <none>');
  const sorted = events.sort((a, b) => String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(String(b.lastTimestamp ?? b.eventTime ?? '')));
  for (const e of sorted) lines.push(`  ${e.type ?? ''}  ${e.reason ?? ''}  ${e.lastTimestamp ?? e.eventTime ?? ''}  ${e.count ? `x${e.count}  ` : ''}${e.message ?? ''}`);
  return lines.join('\n') + '\n';
}
