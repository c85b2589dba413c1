import { isMap } from 'yaml';
import { insertIntoMap } from '../../yaml/edits.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { nimServiceRule } from './nimServiceRule.js';

const PVC = ['spec', 'storage', 'pvc'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** Webhook rules for spec.storage.pvc (nimcache_webhook_validation_helper.go:140-165); the CRD has no enum for the access mode. */
export const pvcNameOrCreate = nimServiceRule({
  id: 'pvc-name-or-create',
  description: 'spec.storage.pvc names an existing PVC, or creates one with size and volumeAccessMode.',
  check(view, context) {
    const d = view.document;
    const pvc = d.nodeAt(PVC);
    if (!isMap(pvc) || pvc.items.length === 0) return;
    const create = d.valueAt([...PVC, 'create']);
    const mode = d.valueAt([...PVC, 'volumeAccessMode']);
    if (typeof mode === 'string' && !ACCESS_MODES.includes(mode)) {
      context.report({
        code: 'pvc-name-or-create',
        severity: 'error',
        message: `volumeAccessMode "${mode}" is not one of ${ACCESS_MODES.join(', ')}: use ReadWriteOnce for a single-node endpoint.`,
        ...d.valueRange([...PVC, 'volumeAccessMode'])!,
      });
    }
    if (create === true) {
      const missing: Record<string, string> = {};
      if (isBlank(d.valueAt([...PVC, 'size']))) missing.size = isVllmRuntime(view.runtime) ? '200Gi' : '50Gi';
      if (isBlank(mode)) missing.volumeAccessMode = 'ReadWriteOnce';
      const names = Object.keys(missing);
      if (names.length === 0) return;
      const edits = insertIntoMap(d, PVC, missing);
      // Report on `create: true`: it is what makes size and access mode necessary.
      context.report({
        code: 'pvc-name-or-create',
        severity: 'error',
        message: `spec.storage.pvc.create: true needs ${names.join(' and ')}: add ${names.map((n) => `${n}: ${missing[n]}`).join(', ')} (or name an existing PVC instead).`,
        ...d.keyRange([...PVC, 'create'])!,
        fixes: edits ? [{ title: `Add ${names.map((n) => `${n}: ${missing[n]}`).join(', ')}`, edits }] : undefined,
      });
      return;
    }
    if (typeof create === 'boolean' || create === undefined || create === null) {
      if (!isBlank(d.valueAt([...PVC, 'name']))) return;
      context.report({
        code: 'pvc-name-or-create',
        severity: 'error',
        message: 'spec.storage.pvc.name must be provided when spec.storage.pvc.create is false: name an existing PVC, or set create: true with size and volumeAccessMode.',
        ...d.keyRange(PVC)!,
      });
    }
  },
});

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
