import { z } from 'zod';
import { PARAMETER_NAMES } from './parameters.js';

/** Where a parameter lands: a path in every document of `kind` ("*" = all), or the value after a flag in spec.args. */
const target = z.union([
  z.strictObject({
    kind: z.string().min(1),
    path: z.array(z.string().min(1)).min(1),
    /** Write numbers as strings (CRD fields typed string, like NIMCache tensorParallelism). */
    as: z.literal('string').optional(),
  }),
  z.strictObject({
    kind: z.string().min(1),
    /** Replaces the argument following this flag in spec.args; the template must contain the flag. */
    argAfter: z.string().startsWith('-'),
  }),
]);

const parameter = z.strictObject({
  default: z.union([z.string(), z.number()]),
  targets: z.array(target).min(1),
});

/** The sidecar `<manifest>.template.json` describing one template. */
export const templateMetadataSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  description: z.string().min(1),
  category: z.enum(['endpoint', 'secret']),
  /** The manifest file, beside the metadata file. */
  manifest: z.string().regex(/\.ya?ml$/),
  /** Suggested file name; `{name}` and `{namespace}` are replaced by the parameter values. */
  fileName: z.string().min(1),
  /** Ids of the Secret templates whose Secrets the manifest references. */
  secrets: z.array(z.string()),
  parameters: z.partialRecord(z.enum(PARAMETER_NAMES), parameter),
});

export type TemplateMetadata = z.infer<typeof templateMetadataSchema>;
export type ParameterTarget = z.infer<typeof target>;

/** A template ready to render: its metadata plus the manifest text. */
export interface ScaffoldTemplate extends TemplateMetadata {
  source: string;
}
