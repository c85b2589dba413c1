import { clip } from '../http/bodySummary.js';
import type { ErrorShape, FieldDetail, PlaygroundError } from './types.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/**
 * Turns an error response into a readable message with field details. Shapes: vLLM before 0.10.1
 * `{"object":"error","message","type","param","code"}`, vLLM after `{"error":{…}}`, FastAPI / vLLM-omni
 * `{"detail": "…" | [{loc,msg,type}]}`, the Nunchaku Qwen-Image-Edit API's `{error, detail, timestamp, request_id}` and
 * `{success:false, error_message}`, vLLM's `--api-key` `{"error":"Unauthorized"}`, and plain text / HTML from proxies.
 */
export function parseErrorBody(status: number, text: string): PlaygroundError {
  const head = `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  const json = tryJson(text);
  const make = (shape: ErrorShape, message: string, fields: FieldDetail[] = []): PlaygroundError => ({
    status, shape, fields: fields.slice(0, 20).map((f) => ({ field: clip(f.field, 200), message: clip(f.message, 500) })), message: `${head}: ${clip(message, 500)}${hint(status, message)}`,
  });
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    if (o.object === 'error' && typeof o.message === 'string') {
      return make('vllm-legacy', withParam(o.message, o.param), fieldsFromMessage(o.message, o.param));
    }
    if (o.error && typeof o.error === 'object' && typeof (o.error as Record<string, unknown>).message === 'string') {
      const e = o.error as Record<string, unknown>;
      return make('vllm', withParam(e.message as string, e.param), fieldsFromMessage(e.message as string, e.param));
    }
    if (typeof o.detail === 'string' && typeof o.error === 'string') return make('nunchaku', `${o.error}: ${o.detail}`);
    if (o.success === false) return make('nunchaku', typeof o.error_message === 'string' ? o.error_message : 'the server answered success: false');
    if (typeof o.detail === 'string') return make('fastapi-detail', o.detail, fieldsFromMessage(o.detail, undefined));
    if (Array.isArray(o.detail)) {
      const fields = o.detail.map(validationField);
      return make('fastapi-validation', fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'validation failed', fields);
    }
    if (typeof o.error === 'string') return make('openai-string', o.error);
    if (typeof o.message === 'string') return make('openai-string', o.message);
  }
  const trimmed = text.trim();
  if (!trimmed) return make('empty', 'empty response body');
  return make('text', summariseText(trimmed));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function withParam(message: string, param: unknown): string {
  return typeof param === 'string' && param && !message.includes(param) ? `${message} (param: ${param})` : message;
}

function validationField(entry: unknown): FieldDetail {
  const e = (entry ?? {}) as { loc?: unknown; msg?: unknown; type?: unknown; ctx?: unknown };
  const loc = Array.isArray(e.loc) ? e.loc.map(String) : [];
  const field = (loc[0] === 'body' || loc[0] === 'query' ? loc.slice(1) : loc).join('.') || loc.join('.') || '(request)';
  return { field, message: typeof e.msg === 'string' ? e.msg : JSON.stringify(entry) };
}

/** vLLM puts pydantic's error list into its message as a Python repr: `[{'type': 'missing', 'loc': ('body', 'prompt'), 'msg': 'Field required', …}]`. */
function fieldsFromMessage(message: string, param: unknown): FieldDetail[] {
  const fields: FieldDetail[] = [];
  const re = /'loc':\s*\(([^)]*)\),\s*'msg':\s*(['"])((?:\\.|(?!\2).)*)\2/g;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    const loc = m[1].split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
    fields.push({ field: (loc[0] === 'body' ? loc.slice(1) : loc).join('.'), message: m[3].replace(/\\'/g, "'") });
  }
  if (fields.length === 0 && typeof param === 'string' && param) fields.push({ field: param, message });
  return fields;
}

function summariseText(text: string): string {
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `an HTML page${title ? ` "${title}"` : ''} — probably a proxy or ingress answered, not the model server`;
  }
  return text.length > 500 ? `${text.slice(0, 497)}…` : text;
}

function hint(status: number, message: string): string {
  if (status === 401 || status === 403) return ' — set the endpoint\'s API key (it is sent as a Bearer token)';
  if (status === 404 && /not found/i.test(message) && !/model/i.test(message)) return ' — wrong route for this server: check the transport / dialect and the base URL';
  if (status === 413) return ' — the request is too large: keep pre-scale on or send a smaller image';
  if (status === 503) return ' — the server is still loading the model or overloaded; retry shortly';
  return '';
}
