import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../../core/http/dispatcher.js';
import { resolveProxy } from '../../core/http/proxy.js';
import { DEFAULT_CAPTION_PARAMS, runCaption, type CaptionDialect } from '../../core/playground/index.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { parseDuration } from './health.js';

export const captionHelp = `Usage: ies caption --url BASE --model ID --image FILE [options]

Captions one image the way nv-ingest does: system "/no_think", the image as a PNG data URL pre-scaled
until its base64 is at most 180,000 characters, max_tokens 512, temperature 1.0, top_p 1.0. Prints the caption.

  --url BASE              the /v1 base, e.g. http://host:8000/v1
  --model ID              served model id, e.g. nvidia/nemotron-nano-12b-v2-vl
  --image FILE            PNG or JPEG (WebP is sent as it is, without pre-scale); or an http(s) URL
Options:
  --prompt P              user prompt (default "Caption the content of this image:")
  --system S              system prompt (default "/no_think"; "" leaves it out)
  --dialect D             image_url (OpenAI, as nv-ingest sends it; default) | image (Omega VLM server)
  --max-tokens N          default 512
  --stream                stream the answer (SSE) and report time to first token
  --api-key-env VAR       read the API key from this environment variable (never pass a key on the command line)
  --ca-file FILE          PEM CA to trust for HTTPS
  --insecure              skip TLS verification (throwaway test endpoints only)
  --timeout D             request timeout: 500ms, 30s, 2m (default 120s, as nv-ingest)
  --format text|json      json adds latency, the final base64 size and the request's image dimensions

Exit codes: 0 captioned, 1 the server answered an error (printed readably), 2 usage error.`;

export async function runCaptionCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' }, model: { type: 'string' }, image: { type: 'string' }, prompt: { type: 'string' }, system: { type: 'string' },
      dialect: { type: 'string', default: 'image_url' }, 'max-tokens': { type: 'string' }, stream: { type: 'boolean', default: false },
      'api-key-env': { type: 'string' }, 'ca-file': { type: 'string' }, insecure: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '120s' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(`${captionHelp}\n`);
    return EXIT_OK;
  }
  if (!values.url) throw new UsageError('--url is required (the /v1 base, e.g. http://host:8000/v1)');
  if (!values.model) throw new UsageError('--model is required');
  if (!values.image) throw new UsageError('--image is required (a PNG/JPEG file or an http(s) URL)');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  if (values.dialect !== 'image_url' && values.dialect !== 'image') throw new UsageError(`unknown --dialect ${values.dialect}: use image_url or image`);
  const maxTokens = values['max-tokens'] === undefined ? 512 : Number(values['max-tokens']);
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new UsageError('--max-tokens must be a positive integer');
  const apiKey = readApiKey(values['api-key-env'], io);
  const remote = /^https?:\/\//i.test(values.image);
  let bytes: Uint8Array | undefined;
  if (!remote) {
    try {
      bytes = readFileSync(values.image);
    } catch (error) {
      throw new UsageError(`cannot read ${values.image}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const dialect: CaptionDialect = remote && values.dialect === 'image_url' ? 'url' : (values.dialect as CaptionDialect);
  const params = { ...DEFAULT_CAPTION_PARAMS, dialect, maxTokens, stream: values.stream, prompt: values.prompt ?? DEFAULT_CAPTION_PARAMS.prompt, system: values.system ?? DEFAULT_CAPTION_PARAMS.system };
  const timeoutMs = parseDuration(values.timeout);
  const proxy = resolveProxy(values.url, { env: io.env });
  const dispatcher = createDispatcher({ caFile: values['ca-file'], insecureTls: values.insecure, timeoutMs, ...proxy });
  try {
    let outcome;
    try {
      outcome = await runCaption({ baseUrl: values.url, model: values.model, apiKey }, params, bytes ? { bytes } : { url: values.image }, { dispatcher, timeoutMs, viaProxy: Boolean(proxy.proxyUrl) });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.format === 'json') {
      io.out(`${JSON.stringify({
        ok: outcome.ok,
        ...(outcome.ok ? { caption: outcome.text } : { error: outcome.error }),
        status: outcome.status,
        latencyMs: outcome.latencyMs,
        ...(outcome.ok && outcome.ttftMs !== undefined ? { ttftMs: outcome.ttftMs } : {}),
        ...(outcome.ok && outcome.tokensPerSecond !== undefined ? { tokensPerSecond: outcome.tokensPerSecond } : {}),
        image: outcome.image ? {
          width: outcome.image.width, height: outcome.image.height, base64Length: outcome.image.base64Length, mediaType: outcome.image.mediaType,
          originalWidth: outcome.image.originalWidth, originalHeight: outcome.image.originalHeight, prescaleSteps: outcome.image.steps,
        } : { url: values.image },
      }, null, 2)}\n`);
      return outcome.ok ? EXIT_OK : EXIT_FINDINGS;
    }
    if (!outcome.ok) {
      io.err(`${formatError(outcome.error)}\n`);
      return EXIT_FINDINGS;
    }
    io.out(`${outcome.text}\n`);
    return EXIT_OK;
  } finally {
    await dispatcher.close().catch(() => {});
  }
}

export function readApiKey(envName: string | undefined, io: CliIo): string | undefined {
  if (!envName) return undefined;
  const value = io.env[envName];
  if (!value) throw new UsageError(`--api-key-env ${envName}: that environment variable is empty or unset`);
  return value;
}

export function formatError(error: { message: string; fields: Array<{ field: string; message: string }> }): string {
  return [`error: ${error.message}`, ...error.fields.map((f) => `  ${f.field}: ${f.message}`)].join('\n');
}
