import { isPlainObject } from '../patch/mergePatch.js';
import { listKind } from './listSemantics.js';
import { defaultKeys } from './objectFields.js';
import { fieldOf, itemOf, resolve, type Typed } from './typeSchema.js';

/**
 * The applied configuration with map-list key fields defaulted as the API server defaults them before merging
 * (a container port without `protocol` is keyed, and stored, as TCP).
 */
export function withDefaultKeys(value: unknown, t: Typed, where = ''): unknown {
  t = resolve(t);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = withDefaultKeys(child, fieldOf(t, key), `${where}.${key}`);
    return out;
  }
  if (Array.isArray(value)) {
    const kind = listKind(t);
    const itemT = itemOf(t);
    return value.map((item, i) => {
      const filled = kind.type === 'map' && isPlainObject(item) ? defaultKeys(item, kind.keys, itemT, `${where}: element ${i}`) : item;
      return withDefaultKeys(filled, itemT, `${where}[${i}]`);
    });
  }
  return value;
}
