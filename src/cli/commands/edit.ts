import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../../core/http/dispatcher.js';
import { resolveProxy } from '../../core/http/proxy.js';
import { EDIT_TRANSPORTS, runEdit, type EditTransport } from '../../core/playground/index.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { formatError, readApiKey } from './caption.js';
import { parseDuration } from './health.js';

export const editHelp = `Usage: ies edit --url BASE --model ID --image FILE --prompt P --out FILE [options]

Sends one image edit and writes the returned image.

  --url BASE              the /v1 base (or the server root for Nunchaku), e.g. http://host:8000/v1
  --model ID              served model id, e.g. nvidia/Qwen-Image-Edit-NVPCB-OVSL2SL (not sent to Nunchaku)
  --image FILE            input image (repeatable for multi-image models; Nunchaku takes one)
  --prompt P              the edit instruction
  --out FILE              where to write the result (refuses to replace an existing file without --force)
Options:
  --transport T           omni (vLLM-omni POST /v1/images/edits multipart, default) | chat (chat-completions diffusion)
                          | nunchaku (POST /edit-image JSON, the Nunchaku Qwen-Image-Edit API)
  --negative-prompt P
  --steps N               num_inference_steps
  --guidance N            guidance_scale
  --true-cfg-scale N      true_cfg_scale
  --seed N                the same seed reproduces the same image
  --size WxH              output size (omni / chat)
  --api-key-env VAR       read the API key from this environment variable
  --ca-file FILE, --insecure, --timeout D (default 300s), --force

Exit codes: 0 written, 1 the server answered an error (printed readably), 2 usage error.`;

export async function runEditCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' }, model: { type: 'string' }, image: { type: 'string', multiple: true }, prompt: { type: 'string' }, out: { type: 'string' },
      transport: { type: 'string', default: 'omni' }, 'negative-prompt': { type: 'string' }, steps: { type: 'string' }, guidance: { type: 'string' },
      'true-cfg-scale': { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' }, 'api-key-env': { type: 'string' },
      'ca-file': { type: 'string' }, insecure: { type: 'boolean', default: false }, timeout: { type: 'string', default: '300s' },
      force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(`${editHelp}\n`);
    return EXIT_OK;
  }
  for (const name of ['url', 'image', 'prompt', 'out'] as const) if (!values[name]) throw new UsageError(`--${name} is required`);
  if (!(EDIT_TRANSPORTS as readonly string[]).includes(values.transport)) throw new UsageError(`unknown --transport ${values.transport}: use ${EDIT_TRANSPORTS.join(', ')}`);
  if (!values.model && values.transport !== 'nunchaku') throw new UsageError('--model is required for the omni and chat transports');
  const number = (name: string, text: string | undefined, integer: boolean): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < 0) throw new UsageError(`--${name} must be a non-negative ${integer ? 'integer' : 'number'}`);
    return value;
  };
  const out = resolve(io.cwd, values.out!);
  if (existsSync(out) && !values.force) throw new UsageError(`${values.out} exists: pass --force to replace it`);
  const images = values.image!.map((path) => {
    try {
      return { name: path.split(/[\\/]/).pop() ?? 'image.png', bytes: new Uint8Array(readFileSync(resolve(io.cwd, path))) };
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  });
  const apiKey = readApiKey(values['api-key-env'], io);
  const timeoutMs = parseDuration(values.timeout);
  const proxy = resolveProxy(values.url!, { env: io.env });
  const dispatcher = createDispatcher({ caFile: values['ca-file'], insecureTls: values.insecure, timeoutMs, ...proxy });
  try {
    let outcome;
    try {
      outcome = await runEdit({ baseUrl: values.url!, model: values.transport === 'nunchaku' ? undefined : values.model, apiKey }, {
        transport: values.transport as EditTransport,
        prompt: values.prompt!,
        negativePrompt: values['negative-prompt'],
        steps: number('steps', values.steps, true),
        guidanceScale: number('guidance', values.guidance, false),
        trueCfgScale: number('true-cfg-scale', values['true-cfg-scale'], false),
        seed: number('seed', values.seed, true),
        size: values.size,
      }, images, { dispatcher, timeoutMs, viaProxy: Boolean(proxy.proxyUrl) });
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError((error as Error).message);
    }
    if (!outcome.ok) {
      io.err(`${formatError(outcome.error)}\n`);
      return EXIT_FINDINGS;
    }
    writeFileSync(out, outcome.result.images[0]);
    const extra = [
      `${outcome.latencyMs} ms`,
      outcome.result.processingTime !== undefined ? `server ${outcome.result.processingTime} s` : undefined,
      outcome.result.seed !== undefined ? `seed ${outcome.result.seed}` : undefined,
      outcome.result.images.length > 1 ? `${outcome.result.images.length} images returned, wrote the first` : undefined,
    ].filter(Boolean);
    io.out(`wrote ${values.out} (${extra.join(', ')})\n`);
    return EXIT_OK;
  } finally {
    await dispatcher.close().catch(() => {});
  }
}
