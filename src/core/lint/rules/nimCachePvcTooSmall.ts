import { parseQuantity } from '../../nimservice/quantity.js';
import { modelDiskSize } from '../../fit/modelDiskSize.js';
import { parseProfileName } from '../../cluster/nimProfiles.js';
import { replaceScalar } from '../../yaml/edits.js';
import type { Rule } from '../rule.js';

const CODE = 'nimcache-pvc-too-small';
const GiB = 2 ** 30;

/** `nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4` → `meta/llama-3.1-8b-instruct`; an HF source's modelName as is. */
function cacheModel(spec: Record<string, any>): string | undefined {
  const puller = spec?.source?.ngc?.modelPuller;
  if (typeof puller === 'string' && puller) return puller.replace(/^[^/]+\.[^/]+\//, '').replace(/^nim\//, '').replace(/[:@][^/]*$/, '');
  const name = spec?.source?.hf?.modelName ?? spec?.source?.dataStore?.modelName;
  return typeof name === 'string' ? name : undefined;
}

/** Bytes per parameter of a profile's precision relative to bf16 (fp8 / int8 engines are half, 4-bit a quarter). */
function precisionShare(precision: string | undefined): number {
  if (!precision) return 1;
  if (/fp8|int8/.test(precision)) return 0.5;
  if (/int4|fp4|w4a16/.test(precision)) return 0.25;
  return 1;
}

/**
 * A NIMCache whose PVC is smaller than what it caches: the weights (from the model catalogue shared with the
 * "will it fit" estimate, else the parameter count in the name) once per selected profile, at the profile's
 * precision; one bf16 copy when the operator picks the profiles. The caching job fills the PVC and fails with
 * "No space left on device".
 */
export const nimCachePvcTooSmall: Rule = {
  id: CODE,
  codes: [CODE],
  description: "A NIMCache's spec.storage.pvc.size must hold the model's weights for each selected profile.",
  appliesTo: (d) => d.isKind('apps.nvidia.com', 'NIMCache'),
  check(context) {
    const d = context.document;
    const spec = d.valueAt(['spec']) as Record<string, any> | undefined;
    const sizePath = ['spec', 'storage', 'pvc', 'size'];
    const sizeText = d.valueAt(sizePath);
    const size = parseQuantity(sizeText as string | number | undefined);
    const range = d.valueRange(sizePath);
    const model = cacheModel(spec ?? {});
    const disk = modelDiskSize(model);
    if (size === undefined || !range || !disk || !model) return;
    const listed = spec?.source?.ngc?.model?.profiles;
    const profiles: unknown[] = Array.isArray(listed) ? listed : [];
    const named = profiles.filter((p): p is string => typeof p === 'string' && p !== 'all');
    const shares = named.length ? named.map((p) => precisionShare(parseProfileName(p).precision)) : [1];
    const needed = disk.bytes * shares.reduce((a, b) => a + b, 0);
    if (size >= needed) return;
    const suggestion = Math.ceil((needed * 1.1) / GiB / 10) * 10;
    const edits = replaceScalar(d, sizePath, `${suggestion}Gi`);
    const copies = named.length > 1 ? ` for ${named.length} profiles` : '';
    context.report({
      code: CODE,
      severity: 'warning',
      message: `spec.storage.pvc.size ${String(sizeText)} is smaller than what this NIMCache stores: ${model} needs ~${(needed / GiB).toFixed(0)} GiB${copies} (${disk.basis === 'catalogue' ? "parameters × bytes per parameter, from its config.json" : 'from the parameter count in its name, at 2 bytes each'}). The caching job fills the PVC and fails with "No space left on device". Set size: ${suggestion}Gi or more.`,
      ...range,
      fixes: edits ? [{ title: `Set size: ${suggestion}Gi`, edits, isPreferred: true }] : undefined,
    });
  },
};
