import { z } from 'zod';

/** The parameters a template may take; each template declares the subset it uses, with its defaults. */
export const PARAMETER_NAMES = ['name', 'namespace', 'storageClass', 'pvcSize', 'gpuCount'] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];
export type ParameterValue = string | number;
export type ParameterValues = Partial<Record<ParameterName, ParameterValue>>;

export interface ParameterInfo {
  label: string;
  /** Shown under the input box. */
  prompt: string;
  /** Empty means "leave it out of the manifest". */
  optional: boolean;
}

export const PARAMETER_INFO: Record<ParameterName, ParameterInfo> = {
  name: { label: 'Name', prompt: 'NIMService name (also its Service name and DNS host): lowercase letters, digits and "-", at most 63', optional: false },
  namespace: { label: 'Namespace', prompt: 'Kubernetes namespace the resources go to', optional: false },
  storageClass: { label: 'Storage class', prompt: 'StorageClass of the model PVC; leave empty for the cluster default', optional: true },
  pvcSize: { label: 'PVC size', prompt: 'Size of the model PVC, e.g. 200Gi', optional: false },
  gpuCount: { label: 'GPU count', prompt: 'GPUs per replica (nvidia.com/gpu)', optional: false },
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/;

const dnsLabel = (what: string) =>
  z
    .string()
    .min(1, `${what} is required`)
    .max(63, `${what} must be at most 63 characters`)
    .regex(DNS1123_LABEL, `${what} must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit`);

const validators: Record<ParameterName, z.ZodType<ParameterValue>> = {
  // The operator names the Service after the NIMService, and Service names (DNS-1035) must start with a letter.
  name: dnsLabel('name').regex(/^[a-z]/, 'name must start with a letter: the operator gives the Service the same name'),
  namespace: dnsLabel('namespace'),
  storageClass: z
    .string()
    .max(253, 'storageClass must be at most 253 characters')
    .refine((v) => v === '' || DNS1123_SUBDOMAIN.test(v), 'storageClass must be empty or a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")'),
  pvcSize: z
    .string()
    .regex(QUANTITY, 'pvcSize must be a Kubernetes quantity with a unit, e.g. 200Gi (a bare number would mean bytes)')
    .refine((v) => parseFloat(v) > 0, 'pvcSize must be greater than zero'),
  gpuCount: z.coerce
    .number({ message: 'gpuCount must be a whole number' })
    .int('gpuCount must be a whole number')
    .min(1, 'gpuCount must be at least 1'),
};

/** Trims text input; numbers pass unchanged. */
function normalize(name: ParameterName, value: ParameterValue): ParameterValue {
  if (typeof value !== 'string') return name === 'gpuCount' ? value : String(value);
  const trimmed = value.trim();
  return name === 'gpuCount' && trimmed === '' ? Number.NaN : trimmed;
}

export type ParameterCheck = { ok: true; value: ParameterValue } | { ok: false; message: string };

/** Validates one value (as typed into an input box or given on the command line). */
export function checkParameter(name: ParameterName, value: ParameterValue): ParameterCheck {
  const result = validators[name].safeParse(normalize(name, value));
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: result.error.issues.map((i) => i.message).join('; ') };
}

/** For input boxes: undefined when valid, else the message to show. */
export function validateParameterInput(name: ParameterName, text: string): string | undefined {
  const result = checkParameter(name, text);
  return result.ok ? undefined : result.message;
}

export function isParameterName(name: string): name is ParameterName {
  return (PARAMETER_NAMES as readonly string[]).includes(name);
}
