import { resourceKey, type KubeObject, type ObjectStore, type ResourceType } from '../store/types.js';
import { builtinTypes, categories as builtinCategories } from './builtinTypes.js';
import { crdVersions, type PrinterColumn } from './crd.js';

/** A store that can learn new resource types at run time (MemoryStore can). */
export type ExtensibleStore = ObjectStore & { registerType?(type: ResourceType): void; unregisterType?(key: string): void };

export interface ServedResource {
  type: ResourceType;
  /** The store key, `plural` or `plural.group`. */
  key: string;
  /** Custom resources only: the CRD's additionalPrinterColumns and schema. */
  custom?: { printerColumns: PrinterColumn[]; schema?: Record<string, unknown> };
  categories: string[];
  hasStatus: boolean;
}

const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

/** Resource types the server serves: the built-ins plus one per CRD stored, kept current by watching CRDs. */
export class ResourceRegistry {
  private readonly custom = new Map<string, ServedResource>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ExtensibleStore) {
    for (const type of builtinTypes) if (!store.typeFor(resourceKey(type))) store.registerType?.(type);
    for (const crd of store.list(CRD_KEY)) this.addCrd(crd);
    this.unsubscribe = store.subscribe((event) => {
      if (resourceKey(event.resource) !== CRD_KEY) return;
      if (event.type === 'DELETED') this.removeCrd(event.object);
      else this.addCrd(event.object);
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  all(): ServedResource[] {
    const builtins = this.store
      .types()
      .filter((type) => !this.custom.has(resourceKey(type)))
      .map((type) => this.describe(type));
    return [...builtins, ...this.custom.values()];
  }

  find(group: string, version: string, plural: string): ServedResource | undefined {
    const key = resourceKey({ group, plural });
    const custom = this.custom.get(key);
    if (custom) return custom.type.version === version ? custom : undefined;
    const type = this.store.typeFor(key);
    return type && type.version === version ? this.describe(type) : undefined;
  }

  byKey(key: string): ServedResource | undefined {
    const custom = this.custom.get(key);
    if (custom) return custom;
    const type = this.store.typeFor(key);
    return type ? this.describe(type) : undefined;
  }

  private describe(type: ResourceType): ServedResource {
    return { type, key: resourceKey(type), categories: builtinCategories[type.plural] ?? [], hasStatus: !!type.subresources?.includes('status') };
  }

  private addCrd(crd: KubeObject): void {
    const served = crdVersions(crd)[0];
    if (!served) return;
    const key = resourceKey(served.type);
    this.store.registerType?.(served.type);
    this.custom.set(key, {
      type: served.type,
      key,
      custom: { printerColumns: served.printerColumns, schema: served.schema },
      categories: served.categories,
      hasStatus: served.type.subresources?.includes('status') ?? false,
    });
  }

  private removeCrd(crd: KubeObject): void {
    const served = crdVersions(crd)[0];
    if (!served) return;
    const key = resourceKey(served.type);
    this.custom.delete(key);
    this.store.unregisterType?.(key);
  }
}
