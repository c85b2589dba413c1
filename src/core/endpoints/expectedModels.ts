import { DEFAULT_PINNED_MODELS } from '../lint/options.js';

export const IMAGE_EDIT_MODEL = DEFAULT_PINNED_MODELS[0].model;
export const CAPTION_MODEL = 'nvidia/nemotron-nano-12b-v2-vl';

/** The model each scaffold template's endpoint must serve (the pinned image-edit finetune, the Nemotron Nano VL caption model). */
export const TEMPLATE_EXPECTED_MODELS: Readonly<Record<string, string>> = {
  'qwen-image-edit-vllm-omni': IMAGE_EDIT_MODEL,
  'nemotron-nano-vl-caption-vllm': CAPTION_MODEL,
};

/** Ids that look right but are not (the generic upstream Qwen-Image-Edit checkpoint is never a substitute for the finetune). */
export function knownWrongSubstitute(expected: string, served: string): string | undefined {
  for (const pin of DEFAULT_PINNED_MODELS) {
    if (pin.model !== expected) continue;
    const hit = pin.forbidden.find((glob) => new RegExp(`^${glob.split('*').map(escape).join('.*')}$`, 'i').test(served));
    if (hit) return pin.reason;
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The expectation for an endpoint: explicit id, else its template's pin, else what its manifest asks vLLM to serve. */
export function expectedModelFor(options: { expectedModel?: string; template?: string; name?: string; manifestModel?: string }): string | undefined {
  if (options.expectedModel) return options.expectedModel;
  if (options.template && TEMPLATE_EXPECTED_MODELS[options.template]) return TEMPLATE_EXPECTED_MODELS[options.template];
  if (options.manifestModel) return options.manifestModel;
  return undefined;
}
