import type { FieldError } from './errorShapes';

export interface NunchakuEditRequest {
  image: string;
  prompt: string;
  negative_prompt: string;
  num_inference_steps: number;
  true_cfg_scale: number;
  seed: number | null;
  rank: 64 | 128;
}

/** Validates like the Nunchaku Qwen-Image-Edit API's pydantic model `ImageEditRequest`; returns every field error, as FastAPI does. */
export function validateEditRequest(body: unknown): { value?: NunchakuEditRequest; errors: FieldError[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { errors: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }] };
  }
  const raw = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const str = (name: string, required: boolean, fallback: string, min: number, max: number): string => {
    const value = raw[name];
    if (value === undefined) {
      if (required) errors.push({ type: 'missing', loc: ['body', name], msg: 'Field required', input: body });
      return fallback;
    }
    if (typeof value !== 'string') {
      errors.push({ type: 'string_type', loc: ['body', name], msg: 'Input should be a valid string', input: value });
      return fallback;
    }
    if (value.length < min) errors.push({ type: 'string_too_short', loc: ['body', name], msg: `String should have at least ${min} character${min === 1 ? '' : 's'}`, input: value, ctx: { min_length: min } });
    if (value.length > max) errors.push({ type: 'string_too_long', loc: ['body', name], msg: `String should have at most ${max} characters`, input: value, ctx: { max_length: max } });
    return value;
  };
  const num = (name: string, fallback: number | null, min: number, max: number, integer: boolean): number | null => {
    const value = raw[name];
    if (value === undefined || (value === null && fallback === null)) return fallback;
    if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
      errors.push(integer
        ? { type: 'int_type', loc: ['body', name], msg: 'Input should be a valid integer', input: value }
        : { type: 'float_type', loc: ['body', name], msg: 'Input should be a valid number', input: value });
      return fallback;
    }
    if (value < min) errors.push({ type: 'greater_than_equal', loc: ['body', name], msg: `Input should be greater than or equal to ${min}`, input: value, ctx: { ge: min } });
    if (value > max) errors.push({ type: 'less_than_equal', loc: ['body', name], msg: `Input should be less than or equal to ${max}`, input: value, ctx: { le: max } });
    return value;
  };
  const image = str('image', true, '', 1, Number.MAX_SAFE_INTEGER);
  const prompt = str('prompt', true, '', 1, 500);
  const negative = str('negative_prompt', false, '', 0, 500);
  const steps = num('num_inference_steps', 8, 1, 50, true) as number;
  const cfg = num('true_cfg_scale', 1.0, 0.1, 10, false) as number;
  const seed = num('seed', null, 0, 2 ** 32 - 1, true);
  const rank = raw.rank === undefined ? 128 : raw.rank;
  if (rank !== 64 && rank !== 128) errors.push({ type: 'literal_error', loc: ['body', 'rank'], msg: 'Input should be 64 or 128', input: rank, ctx: { expected: '64 or 128' } });
  if (errors.length) return { errors };
  return { value: { image, prompt, negative_prompt: negative, num_inference_steps: steps, true_cfg_scale: cfg, seed, rank: rank as 64 | 128 }, errors };
}
