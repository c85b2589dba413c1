import type { ResourceRegistry, ServedResource } from './registry.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

/** kubectl's /usr/bin/kubectl dispatcher picks the kubectl matching this minor version. */
export function versionInfo(version: ServerVersion): Record<string, string> {
  return {
    major: version.major,
    minor: version.minor,
    gitVersion: version.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T00:00:00Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

interface GroupVersions {
  group: string;
  versions: Map<string, ServedResource[]>;
}

function groups(registry: ResourceRegistry): GroupVersions[] {
  const byGroup = new Map<string, GroupVersions>();
  for (const resource of registry.all()) {
    const { group, version } = resource.type;
    const entry = byGroup.get(group) ?? { group, versions: new Map() };
    byGroup.set(group, entry);
    const list = entry.versions.get(version) ?? [];
    list.push(resource);
    entry.versions.set(version, list);
  }
  return [...byGroup.values()].sort((a, b) => (a.group === '' ? -1 : b.group === '' ? 1 : a.group.localeCompare(b.group)));
}

const subresourceVerbs: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  log: ['get'],
  portforward: ['get', 'create'],
};

function subresourceKind(resource: ServedResource, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  if (sub === 'log') return { group: '', version: '', kind: 'Pod' };
  if (sub === 'portforward') return { group: '', version: '', kind: 'PodPortForwardOptions' };
  return { group: '', version: '', kind: resource.type.kind };
}

/** `APIResourceList` for /api/v1 and /apis/<group>/<version>. */
export function resourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const entry = groups(registry).find((g) => g.group === group)?.versions.get(version);
  if (!entry) return undefined;
  const resources: unknown[] = [];
  for (const r of entry) {
    resources.push({
      name: r.type.plural,
      singularName: r.type.singular,
      namespaced: r.type.namespaced,
      kind: r.type.kind,
      verbs: r.type.verbs ?? [],
      ...(r.type.shortNames?.length ? { shortNames: r.type.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
      storageVersionHash: hash(`${group}/${version}/${r.type.kind}`),
    });
    for (const sub of r.type.subresources ?? []) {
      const kind = subresourceKind(r, sub);
      resources.push({
        name: `${r.type.plural}/${sub}`,
        singularName: '',
        namespaced: r.type.namespaced,
        ...(kind.group ? { group: kind.group, version: kind.version } : {}),
        kind: kind.kind,
        verbs: subresourceVerbs[sub] ?? ['get'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(entry: GroupVersions): Record<string, unknown> {
  const versions = [...entry.versions.keys()].map((v) => ({ groupVersion: `${entry.group}/${v}`, version: v }));
  return { name: entry.group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(registry).filter((g) => g.group !== '').map(apiGroup) };
}

export function apiGroupFor(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const entry = groups(registry).find((g) => g.group === group && group !== '');
  return entry ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(entry) } : undefined;
}

/** Which aggregated discovery version the client accepts (kubectl ≥ 1.30 asks v2 first, 1.27–1.29 v2beta1), if any. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!/as=APIGroupDiscoveryList/.test(part) || !/g=apidiscovery\.k8s\.io/.test(part)) continue;
    const v = /(?:^|;)\s*v=([^;,\s]+)/.exec(part)?.[1];
    if (v === 'v2' || v === 'v2beta1') return v;
  }
  return undefined;
}

/** `APIGroupDiscoveryList` for /api (legacy: core group only) or /apis (all named groups). */
export function aggregatedDiscovery(registry: ResourceRegistry, legacy: boolean, version: 'v2' | 'v2beta1'): Record<string, unknown> {
  const items = groups(registry)
    .filter((g) => (legacy ? g.group === '' : g.group !== ''))
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: [...g.versions.entries()].map(([v, resources]) => ({
        version: v,
        resources: resources.map((r) => ({
          resource: r.type.plural,
          responseKind: { group: '', version: '', kind: r.type.kind },
          scope: r.type.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.type.singular,
          verbs: r.type.verbs ?? [],
          ...(r.type.shortNames?.length ? { shortNames: r.type.shortNames } : {}),
          ...(r.categories.length ? { categories: r.categories } : {}),
          ...(r.type.subresources?.length
            ? {
                subresources: r.type.subresources.map((sub) => ({
                  subresource: sub,
                  responseKind: subresourceKind(r, sub),
                  verbs: subresourceVerbs[sub] ?? ['get'],
                })),
              }
            : {}),
        })),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

function hash(text: string): string {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Buffer.from(String(h >>> 0)).toString('base64').slice(0, 11);
}
