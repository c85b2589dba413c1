import { insertIntoMap } from '../../yaml/edits.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { nimServiceRule } from './nimServiceRule.js';

/** The operator's webhook rule (nimservice_webhook_validation_helper.go:182-216); messages quote it. */
export const storageExactlyOne = nimServiceRule({
  id: 'storage-exactly-one',
  description: 'spec.storage must define exactly one of nimCache, pvc, emptyDir, hostPath.',
  check(view, context) {
    const d = view.document;
    if (d.nodeAt(['spec']) === undefined) return;
    const sources = view.storageSources;
    if (sources.length === 1) return;
    // The user edits `storage`; without it, the `spec` that lacks it.
    const range = d.keyRange(['spec', 'storage']) ?? d.keyRange(['spec'])!;
    if (sources.length > 1) {
      context.report({
        code: 'storage-exactly-one',
        severity: 'error',
        message: `multiple storage sources defined (${sources.map((s) => `spec.storage.${s}`).join(', ')}): keep exactly one.`,
        ...range,
      });
      return;
    }
    const size = isVllmRuntime(view.runtime) ? '200Gi' : '50Gi';
    const edits = insertIntoMap(d, ['spec', 'storage'], { pvc: { create: true, size, volumeAccessMode: 'ReadWriteOnce' } });
    context.report({
      code: 'storage-exactly-one',
      severity: 'error',
      message: 'one of spec.storage.nimCache, spec.storage.pvc, spec.storage.emptyDir or spec.storage.hostPath, must be defined: add spec.storage.pvc (create: true, size, volumeAccessMode) so the weights persist.',
      ...range,
      fixes: edits ? [{ title: `Add spec.storage.pvc (create: true, size: ${size}, ReadWriteOnce)`, edits }] : undefined,
    });
  },
});
