/** The two jobs and their request dialects (nv-ingest, the Omega VLM server, vLLM-omni, the Nunchaku Qwen-Image-Edit API). */
export const CAPTION_DIALECTS = ['image_url', 'image', 'url'] as const;
/** `image_url` data URL (as nv-ingest sends it), the Omega VLM server's `{type:"image", image}`, or an http(s) URL. */
export type CaptionDialect = (typeof CAPTION_DIALECTS)[number];

export const EDIT_TRANSPORTS = ['omni', 'chat', 'nunchaku'] as const;
/** vLLM-omni `POST /v1/images/edits` multipart, chat-completions diffusion, or Nunchaku `POST /edit-image` JSON. */
export type EditTransport = (typeof EDIT_TRANSPORTS)[number];

/** Where a request goes and how; the API key stays in the extension host / CLI process. */
export interface PlaygroundTarget {
  /** The `/v1` base (`http://host:8000/v1`) or the server root; both are accepted. */
  baseUrl: string;
  model?: string;
  /** Sent as `Authorization: Bearer …`; never rendered anywhere. */
  apiKey?: string;
  headers?: Record<string, string>;
}

/** A request ready to send, show (images elided) or copy as curl (`$API_KEY`). Carries no API key. */
export interface PreparedRequest {
  method: 'POST';
  url: string;
  /** Without Authorization: that is added at send time from the target's key. */
  headers: Record<string, string>;
  body: JsonBody | MultipartBody;
}

export interface JsonBody {
  kind: 'json';
  value: unknown;
}

export interface MultipartBody {
  kind: 'multipart';
  parts: MultipartPart[];
}

export type MultipartPart = { name: string; value: string } | { name: string; filename: string; contentType: string; bytes: Uint8Array };

/** A readable failure: from an error body (any of the known error shapes) or from the network. */
export interface PlaygroundError {
  message: string;
  /** HTTP status, absent for network failures. */
  status?: number;
  /** Which error shape the body had. */
  shape: ErrorShape;
  /** Field-level details (`body.prompt: Field required`). */
  fields: FieldDetail[];
  /** Network failure kind (refused, timeout, tls, cancelled…) when there was no HTTP answer. */
  kind?: string;
}

export type ErrorShape = 'vllm-legacy' | 'vllm' | 'fastapi-detail' | 'fastapi-validation' | 'nunchaku' | 'openai-string' | 'text' | 'empty' | 'network' | 'unexpected';

export interface FieldDetail {
  field: string;
  message: string;
}
