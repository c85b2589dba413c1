import { HttpError } from './http/httpError';
import { sendEmpty, sendJson, sendText } from './http/respond';
import type { Route, ServerDefinition } from './http/simServer';
import type { MalformedBodyError } from './http/body';
import { pythonReprOfErrors, vllmErrorBody, VLLM_UNAUTHORIZED } from './errorShapes';
import type { ServerMetrics } from './metrics';
import type { GenerationTiming, InferenceServerOptions, VllmErrorStyle } from './types';

export const DEFAULT_TIMING: GenerationTiming = { firstTokenMs: 20, perTokenMs: 5 };

export function timingOf(options: InferenceServerOptions): GenerationTiming {
  return { ...DEFAULT_TIMING, ...options.timing };
}

/** Error helpers every vLLM-based server (vLLM, vLLM-omni, NIM LLM) shares. */
export class VllmErrors {
  constructor(readonly style: VllmErrorStyle) {}

  error(status: number, message: string, param: string | null = null, type?: string): HttpError {
    return new HttpError(status, vllmErrorBody(this.style, status, message, type, param));
  }

  badRequest = (message: string, param: string | null = null): HttpError => this.error(400, message, param);

  unknownModel = (model: string): HttpError => this.error(404, `The model \`${model}\` does not exist.`, 'model', 'NotFoundError');

  /** vLLM turns FastAPI's RequestValidationError into a 400 with pydantic's error list as the message. */
  malformed = (error: MalformedBodyError): HttpError =>
    this.error(400, pythonReprOfErrors([{ type: 'json_invalid', loc: ['body', error.position ?? 0], msg: 'JSON decode error', input: {} }]) + ` (${error.message})`);
}

/** The parts of a ServerDefinition that are identical for every vLLM-style server. */
export function vllmDefinition(kind: ServerDefinition['kind'], modelId: string, errors: VllmErrors, routes: Route[]): ServerDefinition {
  return {
    kind,
    modelId,
    routes,
    errorBody: (status, message) => vllmErrorBody(errors.style, status, message),
    unauthorized: () => new HttpError(401, VLLM_UNAUTHORIZED),
    malformedBody: errors.malformed,
    // vLLM's --api-key middleware only guards paths under /v1.
    requiresAuth: (path) => path.startsWith('/v1'),
  };
}

export function modelsRoute(path: string, modelId: string, ownedBy: string, maxModelLen: number): Route {
  const created = Math.floor(Date.now() / 1000);
  return {
    method: 'GET',
    path,
    handler: ({ res }) => sendJson(res, 200, {
      object: 'list',
      data: [{
        id: modelId,
        object: 'model',
        created,
        owned_by: ownedBy,
        root: modelId,
        parent: null,
        max_model_len: maxModelLen,
        permission: [{
          id: `modelperm-${modelId.length.toString(16)}${created.toString(16)}`, object: 'model_permission', created,
          allow_create_engine: false, allow_sampling: true, allow_logprobs: true, allow_search_indices: false,
          allow_view: true, allow_fine_tuning: false, organization: '*', group: null, is_blocking: false,
        }],
      }],
    }),
  };
}

/** vLLM's /health: 200 with an empty body once the engine is up, 503 (empty) while it is not. */
export function vllmHealthRoute(isWarm: () => boolean): Route {
  return { method: 'GET', path: '/health', public: true, duringWarmup: true, handler: ({ res }) => sendEmpty(res, isWarm() ? 200 : 503) };
}

export function metricsRoute(path: string, metrics: ServerMetrics): Route {
  return { method: 'GET', path, public: true, duringWarmup: true, handler: ({ res }) => sendText(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8') };
}

export function versionRoute(version: string): Route {
  return { method: 'GET', path: '/version', public: true, duringWarmup: true, handler: ({ res }) => sendJson(res, 200, { version }) };
}
