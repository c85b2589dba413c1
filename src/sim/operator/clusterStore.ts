import { builtinTypes } from '../apiserver/builtinTypes.js';
import { crdVersions, parseCrdYaml } from '../apiserver/crd.js';
import { bundledCrdYaml } from '../crds/index.js';
import { MemoryStore } from '../store/memoryStore.js';
import type { SimClock } from '../store/types.js';
import { KEYS } from './storeKeys.js';

/**
 * A store with the built-in kinds and the NIM Operator's CRDs registered, as the API server would set it up:
 * for controllers and fixtures used without HTTP (tests, benchmarks).
 */
export function createClusterStore(clock: SimClock): MemoryStore {
  const store = new MemoryStore(builtinTypes, { now: () => clock.now() });
  for (const crd of Object.entries(bundledCrdYaml).flatMap(([name, text]) => parseCrdYaml(text, name))) {
    const served = crdVersions(crd)[0];
    if (served) store.registerType(served.type);
    store.create(KEYS.crds, crd);
  }
  return store;
}
