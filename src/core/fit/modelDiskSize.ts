import { parameterBillionsFromName } from '../nimservice/modelName.js';
import { bytesOf } from './dtypeBytes.js';
import { catalogueEntry } from './modelCatalogue.js';

export interface ModelDiskSize {
  bytes: number;
  /** Where the figure comes from, for the message: the catalogue's config.json, or the parameter count in the name. */
  basis: 'catalogue' | 'name';
}

/**
 * The weights' size on disk: parameters × bytes of the checkpoint's dtype (or quantization) from the model catalogue,
 * else the parameter count the name spells × 2 bytes (a bf16 checkpoint, the common case); undefined when neither says.
 */
export function modelDiskSize(model: string | undefined): ModelDiskSize | undefined {
  const entry = catalogueEntry(model);
  if (entry) {
    const bytes = bytesOf(entry.quantization) ?? bytesOf(entry.dtype) ?? 2;
    return { bytes: entry.parameters * bytes, basis: 'catalogue' };
  }
  const billions = parameterBillionsFromName(model);
  return billions === undefined ? undefined : { bytes: billions * 1e9 * 2, basis: 'name' };
}
