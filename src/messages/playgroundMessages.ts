// Every message between the playground webview and the extension host, declared once as a zod schema and
// validated on both sides. No node, no vscode imports: this module is bundled into the browser too.
import { z } from 'zod';
import { loadHostMessages, loadWebviewMessages } from './loadMessages.js';

const MAX_IMAGE_BASE64 = 48 * 1024 * 1024;
const text = (max: number) => z.string().max(max);
const requestId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*=*$/, 'image must be plain base64');
/** What reaches an <img src> in the webview: raster images only, never a script-capable or remote URL. */
const imageMediaType = z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp']);
const thumbnailDataUrl = z.string().max(20_000).regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/, 'thumbnail must be a PNG, JPEG or WebP data URL');

export const captionDialectSchema = z.enum(['image_url', 'image', 'url']);
export const editTransportSchema = z.enum(['omni', 'chat', 'nunchaku']);
export const slotSchema = z.enum(['caption', 'edit']);

/** Where to send. No API key: the host looks it up in SecretStorage by `endpointKey`. */
export const targetSchema = z.strictObject({
  /** A registered endpoint's key, or `custom:<base URL>` for a typed URL. */
  endpointKey: text(1000),
  baseUrl: z.string().regex(/^https?:\/\/\S+$/, 'base URL must start with http:// or https://').max(2000),
  model: text(500),
  timeoutMs: z.number().int().min(100).max(900_000),
});

/** An image the user picked, dropped or pasted, as base64 (never a secret). */
export const imageInputSchema = z.strictObject({
  name: text(500),
  base64: base64(MAX_IMAGE_BASE64).min(1),
  /** Local path when the host read the file (history re-run reads it again). */
  path: text(4000).optional(),
});

export const captionFormSchema = z.strictObject({
  system: text(20_000),
  prompt: text(20_000),
  dialect: captionDialectSchema,
  /** For the `url` dialect. */
  imageUrl: text(4000),
  maxTokens: z.number().int().min(1).max(131_072),
  temperature: z.number().min(0).max(2),
  topP: z.number().min(0).max(1),
  stream: z.boolean(),
  prescale: z.boolean(),
});

const optionalNumber = (schema: z.ZodNumber) => schema.optional();

export const editFormSchema = z.strictObject({
  transport: editTransportSchema,
  prompt: text(20_000),
  negativePrompt: text(20_000),
  steps: optionalNumber(z.number().int().min(1).max(1000)),
  guidanceScale: optionalNumber(z.number().min(0).max(100)),
  trueCfgScale: optionalNumber(z.number().min(0).max(100)),
  seed: optionalNumber(z.number().int().min(0).max(2 ** 32 - 1)),
  /** `WxH`, `auto` or empty. */
  size: z.string().regex(/^(|auto|\d{1,5}x\d{1,5})$/, 'size must be WIDTHxHEIGHT or auto').max(20),
  n: z.number().int().min(1).max(10),
  rank: z.union([z.literal(64), z.literal(128)]),
});

export const captionJobSchema = z.strictObject({ mode: z.literal('caption'), form: captionFormSchema, image: imageInputSchema.optional() });
export const editJobSchema = z.strictObject({ mode: z.literal('edit'), form: editFormSchema, images: z.array(imageInputSchema).max(8) });
export const jobSchema = z.discriminatedUnion('mode', [captionJobSchema, editJobSchema]);

/** Webview → host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('pickImage'), slot: slotSchema }),
  z.strictObject({ type: z.literal('inspectImage'), slot: slotSchema, image: imageInputSchema }),
  z.strictObject({ type: z.literal('run'), requestId, target: targetSchema, job: jobSchema, repeat: z.number().int().min(1).max(200) }),
  z.strictObject({ type: z.literal('cancel'), requestId }),
  z.strictObject({ type: z.literal('copyCurl'), target: targetSchema, job: jobSchema }),
  z.strictObject({ type: z.literal('saveResult'), name: text(500), base64: base64(MAX_IMAGE_BASE64).min(1) }),
  z.strictObject({ type: z.literal('selectEndpoint'), endpointKey: text(1000) }),
  z.strictObject({ type: z.literal('rerun'), historyId: text(100) }),
  z.strictObject({ type: z.literal('clearHistory'), endpointKey: text(1000) }),
  z.strictObject({ type: z.literal('setApiKey'), endpointKey: text(1000) }),
  ...loadWebviewMessages,
]);

export const endpointChoiceSchema = z.strictObject({
  key: text(1000),
  name: text(500),
  baseUrl: text(2000),
  kind: text(50),
  model: text(500).optional(),
  hasApiKey: z.boolean(),
});

export const imageInfoSchema = z.strictObject({
  name: text(500),
  base64: base64(MAX_IMAGE_BASE64),
  path: text(4000).optional(),
  mediaType: imageMediaType,
  bytes: z.number().int().nonnegative(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  /** What nv-ingest's pre-scale makes of it (caption slot). */
  prescaled: z.strictObject({ width: z.number().int().optional(), height: z.number().int().optional(), base64Length: z.number().int(), steps: z.number().int() }).optional(),
  warning: text(2000).optional(),
});

export const fieldDetailSchema = z.strictObject({ field: text(1000), message: text(5000) });
export const errorInfoSchema = z.strictObject({
  message: text(10_000),
  status: z.number().int().optional(),
  shape: text(50),
  kind: text(50).optional(),
  fields: z.array(fieldDetailSchema),
});

export const statsSchema = z.strictObject({
  runs: z.number().int(), failures: z.number().int(),
  p50: z.number().optional(), p95: z.number().optional(), min: z.number().optional(), max: z.number().optional(), mean: z.number().optional(),
});

export const historyItemSchema = z.strictObject({
  id: text(100),
  at: text(50),
  mode: slotSchema,
  ok: z.boolean(),
  status: z.number().int().optional(),
  latencyMs: z.number(),
  summary: text(1000),
  inputThumbnail: thumbnailDataUrl.optional(),
  resultThumbnail: thumbnailDataUrl.optional(),
  canRerun: z.boolean(),
});

/** Host → webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), endpoints: z.array(endpointChoiceSchema), selectedKey: text(1000).optional() }),
  z.strictObject({ type: z.literal('endpoints'), endpoints: z.array(endpointChoiceSchema) }),
  z.strictObject({ type: z.literal('image'), slot: slotSchema, image: imageInfoSchema }),
  z.strictObject({ type: z.literal('started'), requestId, run: z.number().int(), of: z.number().int(), rawRequest: text(1_000_000) }),
  z.strictObject({ type: z.literal('delta'), requestId, text: text(1_000_000) }),
  z.strictObject({
    type: z.literal('result'), requestId, run: z.number().int(), of: z.number().int(), ok: z.boolean(),
    status: z.number().int().optional(), latencyMs: z.number(), rawRequest: text(1_000_000), rawResponse: text(2_000_000).optional(),
    error: errorInfoSchema.optional(),
    caption: z.strictObject({ text: text(1_000_000), ttftMs: z.number().optional(), tokensPerSecond: z.number().optional(), completionTokens: z.number().optional() }).optional(),
    edit: z.strictObject({
      images: z.array(z.strictObject({ base64: base64(MAX_IMAGE_BASE64), width: z.number().int().optional(), height: z.number().int().optional() })),
      processingTime: z.number().optional(),
      seed: z.number().int().optional(),
    }).optional(),
  }),
  z.strictObject({ type: z.literal('stats'), requestId, stats: statsSchema }),
  z.strictObject({ type: z.literal('done'), requestId }),
  z.strictObject({ type: z.literal('history'), endpointKey: text(1000), entries: z.array(historyItemSchema) }),
  z.strictObject({ type: z.literal('loadJob'), target: targetSchema.partial(), job: jobSchema }),
  z.strictObject({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: text(10_000) }),
  ...loadHostMessages,
]);

export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type PlaygroundTargetMessage = z.infer<typeof targetSchema>;
export type CaptionForm = z.infer<typeof captionFormSchema>;
export type EditForm = z.infer<typeof editFormSchema>;
export type Job = z.infer<typeof jobSchema>;
export type ImageInput = z.infer<typeof imageInputSchema>;
export type ImageInfo = z.infer<typeof imageInfoSchema>;
export type EndpointChoice = z.infer<typeof endpointChoiceSchema>;
export type HistoryItem = z.infer<typeof historyItemSchema>;
export type ErrorInfo = z.infer<typeof errorInfoSchema>;
export type Stats = z.infer<typeof statsSchema>;

/** Parses one incoming message; a malformed one yields a readable reason instead of throwing. */
export function parseMessage<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const type = raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type : '?';
  return { ok: false, reason: `malformed "${type}" message: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` };
}

export const DEFAULT_CAPTION_FORM: CaptionForm = {
  system: '/no_think', prompt: 'Caption the content of this image:', dialect: 'image_url', imageUrl: '',
  maxTokens: 512, temperature: 1.0, topP: 1.0, stream: false, prescale: true,
};

export const DEFAULT_EDIT_FORM: EditForm = {
  transport: 'omni', prompt: '', negativePrompt: '', steps: undefined, guidanceScale: undefined, trueCfgScale: undefined,
  seed: undefined, size: '', n: 1, rank: 128,
};
