import { z } from 'zod';

export const ENDPOINT_KINDS = ['openai', 'nim', 'omega', 'nunchaku'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A user-defined endpoint in settings (`inferenceEndpointStudio.endpoints`). API keys are never part of it. */
export const endpointConfigSchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http:// or https:// URL, e.g. http://host:8000/v1' }),
  kind: z.enum(ENDPOINT_KINDS).default('openai'),
  /** The exact model id the endpoint must serve; anything else fails the model check. */
  expectedModel: z.string().trim().min(1).optional(),
  /** Template id whose pinned model is expected when expectedModel is absent. */
  template: z.string().optional(),
  headers: z.record(z.string().regex(headerName, 'not a valid header name'), z.string()).default({}),
  /** A health route elsewhere, e.g. an HTTP forwarder beside the model server, `http://host:5005/health`; default the kind's own route. */
  healthUrl: z.url({ protocol: /^https?$/ }).optional(),
  caFile: z.string().min(1).optional(),
  insecureTls: z.boolean().default(false),
}).superRefine((value, ctx) => {
  for (const name of Object.keys(value.headers)) {
    if (name.toLowerCase() === 'authorization') {
      ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'keep the API key out of settings: run "Set Endpoint API Key" (stored in SecretStorage)' });
    }
  }
});

export type EndpointConfig = z.output<typeof endpointConfigSchema>;
export type EndpointConfigInput = z.input<typeof endpointConfigSchema>;

export interface ConfigProblem {
  index: number;
  name?: string;
  message: string;
}

/** Parses the settings array; bad entries are reported (with their index and field) and skipped, the rest used. */
export function parseEndpointConfigs(raw: unknown): { endpoints: EndpointConfig[]; problems: ConfigProblem[] } {
  const endpoints: EndpointConfig[] = [];
  const problems: ConfigProblem[] = [];
  if (raw === undefined || raw === null) return { endpoints, problems };
  if (!Array.isArray(raw)) return { endpoints, problems: [{ index: -1, message: 'endpoints must be an array of {name, baseUrl, kind, …}' }] };
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const parsed = endpointConfigSchema.safeParse(entry);
    const name = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ index, name, message: `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}` });
      return;
    }
    if (seen.has(parsed.data.name)) {
      problems.push({ index, name, message: `duplicate endpoint name ${JSON.stringify(parsed.data.name)}` });
      return;
    }
    seen.add(parsed.data.name);
    endpoints.push(parsed.data);
  });
  return { endpoints, problems };
}
