import type { YamlPath } from '../manifest/manifestDocument.js';
import type { ServingContainer } from './servingContainer.js';

/** Where a mounted volume's bytes live, as far as node ephemeral storage and /dev/shm are concerned. */
export type VolumeKind = 'persistent' | 'memory' | 'emptyDir' | 'config' | 'other';

export interface MountedVolume {
  name: string;
  mountPath?: string;
  kind: VolumeKind;
  /** `emptyDir.sizeLimit`, when set. */
  sizeLimit?: unknown;
  /** The mount's list item. */
  path: YamlPath;
}

/** Volume sources whose bytes are not the node's ephemeral storage: claims, CSI drivers, host paths, network shares. */
const PERSISTENT = ['persistentVolumeClaim', 'csi', 'hostPath', 'nfs', 'ephemeral', 'iscsi', 'cephfs', 'rbd', 'glusterfs', 'azureFile', 'azureDisk', 'awsElasticBlockStore', 'gcePersistentDisk', 'fc', 'portworxVolume', 'image'];
const CONFIG = ['configMap', 'secret', 'projected', 'downwardAPI'];

type Json = Record<string, unknown>;

/** The container's volumeMounts resolved against the pod's volumes (and claim templates). */
export function mountedVolumes(container: ServingContainer): MountedVolume[] {
  const { document: d, template, paths } = container;
  if (!template || !paths.volumeMounts) return [];
  const mounts = d.valueAt(paths.volumeMounts);
  if (!Array.isArray(mounts)) return [];
  const volumes = d.valueAt([...template.podSpec, 'volumes']);
  const byName = new Map<string, Json>();
  if (Array.isArray(volumes)) for (const v of volumes) if (v && typeof (v as Json).name === 'string') byName.set((v as Json).name as string, v as Json);
  const claims = new Set<string>();
  const templates = template.claimTemplates ? d.valueAt(template.claimTemplates) : undefined;
  if (Array.isArray(templates)) for (const t of templates) {
    const name = ((t as Json)?.metadata as Json | undefined)?.name;
    if (typeof name === 'string') claims.add(name);
  }
  const out: MountedVolume[] = [];
  mounts.forEach((m, index) => {
    const mount = m as Json | null;
    if (!mount || typeof mount.name !== 'string') return;
    const volume = byName.get(mount.name);
    const mountPath = typeof mount.mountPath === 'string' ? mount.mountPath : undefined;
    const base = { name: mount.name, mountPath, path: [...paths.volumeMounts!, index] };
    if (!volume) {
      out.push({ ...base, kind: claims.has(mount.name) ? 'persistent' : 'other' });
      return;
    }
    const emptyDir = volume.emptyDir as Json | null | undefined;
    if ('emptyDir' in volume) {
      const memory = emptyDir?.medium === 'Memory';
      out.push({ ...base, kind: memory ? 'memory' : 'emptyDir', sizeLimit: emptyDir?.sizeLimit });
    } else if (PERSISTENT.some((k) => volume[k] != null)) out.push({ ...base, kind: 'persistent' });
    else if (CONFIG.some((k) => volume[k] != null)) out.push({ ...base, kind: 'config' });
    else out.push({ ...base, kind: 'other' });
  });
  return out;
}

/** /dev/shm is enlarged: a volume mounted there, or the host's IPC namespace. */
export function hasSharedMemory(container: ServingContainer): boolean {
  const { document: d, template } = container;
  if (!template) return false;
  if (d.valueAt([...template.podSpec, 'hostIPC']) === true) return true;
  return mountedVolumes(container).some((m) => m.mountPath !== undefined && m.mountPath.replace(/\/+$/, '') === '/dev/shm');
}
