import { base64ToBytes, parseDataUrl } from '../image/index.js';
import type { EditTransport } from './types.js';

export interface EditResult {
  images: Uint8Array[];
  /** Seconds, as the server reports it (Nunchaku's `processing_time`). */
  processingTime?: number;
  /** The seed the server reports it used (Nunchaku's `model_info.seed`), if any. */
  seed?: number;
  info?: Record<string, unknown>;
}

/** The images of a successful answer: `{data:[{b64_json}]}` (omni), chat content `image_url` parts, or `{success, edited_image}` (Nunchaku). */
export function parseEditResponse(transport: EditTransport, json: unknown): EditResult {
  const o = (json ?? {}) as Record<string, unknown>;
  if (transport === 'omni') {
    if (!Array.isArray(o.data)) throw new Error('response has no data[] (expected {created, data:[{b64_json}]})');
    if (o.data.length === 0) throw new Error('the server answered no images (data[] is empty)');
    const images = o.data.map((d, i) => {
      const b64 = (d as { b64_json?: unknown })?.b64_json;
      if (typeof b64 !== 'string') throw new Error(`data[${i}].b64_json is missing (response_format must be b64_json)`);
      return base64ToBytes(b64);
    });
    return { images, info: pick(o, ['size', 'output_format', 'created']) };
  }
  if (transport === 'chat') {
    const choices = o.choices as Array<{ message?: { content?: unknown } }> | undefined;
    const images: Uint8Array[] = [];
    for (const choice of choices ?? []) {
      const content = choice?.message?.content;
      const parts = Array.isArray(content) ? content : typeof content === 'string' ? [content] : [];
      for (const part of parts) {
        const url = typeof part === 'string' ? part : (part as { image_url?: { url?: unknown } | string })?.image_url;
        const value = typeof url === 'string' ? url : typeof url?.url === 'string' ? url.url : undefined;
        const data = value ? parseDataUrl(value) : undefined;
        if (data) images.push(data.bytes);
      }
    }
    if (images.length === 0) throw new Error('response has no image: expected choices[0].message.content with image_url data URLs');
    return { images };
  }
  if (o.success !== true) throw new Error(typeof o.error_message === 'string' ? o.error_message : 'response success is not true');
  if (typeof o.edited_image !== 'string') throw new Error('response has no edited_image');
  const info = (o.model_info && typeof o.model_info === 'object' ? o.model_info : undefined) as Record<string, unknown> | undefined;
  return {
    images: [base64ToBytes(o.edited_image)],
    processingTime: typeof o.processing_time === 'number' ? o.processing_time : undefined,
    seed: typeof info?.seed === 'number' ? info.seed : undefined,
    info,
  };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));
}
