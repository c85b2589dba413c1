import type { VllmErrorStyle } from './types';

const VLLM_ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  404: 'NotFoundError',
  413: 'BadRequestError',
  422: 'BadRequestError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

/** vLLM's ErrorResponse: flat with `object:"error"` before 0.10.1, nested under `error` since. */
export function vllmErrorBody(style: VllmErrorStyle, status: number, message: string, type = VLLM_ERROR_TYPES[status] ?? 'InternalServerError', param: string | null = null): unknown {
  const info = { message, type, param, code: status };
  return style === 'legacy' ? { object: 'error', ...info } : { error: info };
}

/** vLLM's `--api-key` middleware answers exactly this. */
export const VLLM_UNAUTHORIZED = { error: 'Unauthorized' };

/** FastAPI's HTTPException body. */
export function fastapiDetail(detail: string): { detail: string } {
  return { detail };
}

export interface FieldError {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** FastAPI's RequestValidationError body (pydantic v2 shape), answered with 422. */
export function fastapiValidation(errors: FieldError[]): { detail: FieldError[] } {
  return { detail: errors };
}

/** How pydantic renders a validation error list inside vLLM's message (Python repr, as str(exc) does). */
export function pythonReprOfErrors(errors: FieldError[]): string {
  const repr = (value: unknown): string => {
    if (typeof value === 'string') return `'${value.replace(/'/g, "\\'")}'`;
    if (Array.isArray(value)) return `(${value.map(repr).join(', ')}${value.length === 1 ? ',' : ''})`;
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `'${k}': ${repr(v)}`).join(', ')}}`;
    return String(value);
  };
  return `[${errors.map((e) => `{'type': ${repr(e.type)}, 'loc': ${repr(e.loc)}, 'msg': ${repr(e.msg)}${e.input === undefined ? '' : `, 'input': ${repr(e.input)}`}}`).join(', ')}]`;
}
