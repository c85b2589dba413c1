import { responseText } from '../http/index.js';
import { redactSecrets } from '../security/redact.js';
import { clip } from '../http/bodySummary.js';
import { buildEditRequest, type EditInputImage, type EditParams } from './editRequest.js';
import { parseEditResponse, type EditResult } from './editResponse.js';
import { parseErrorBody } from './errorBody.js';
import type { ExchangeInfo } from './captionClient.js';
import { describeRequest, describeResponse } from './rawExchange.js';
import { answerJson } from './answerJson.js';
import { networkError, sendPrepared, type SendOptions } from './transport.js';
import type { PlaygroundError, PlaygroundTarget } from './types.js';

export type EditOutcome = ExchangeInfo & ({ ok: true; result: EditResult } | { ok: false; error: PlaygroundError });

/** Sends one image edit over the chosen transport and returns the image(s). Never throws for HTTP or network failures.
 * A server that echoes the API key back has it replaced by *** in everything returned. */
export async function runEdit(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[], options: SendOptions = {}): Promise<EditOutcome> {
  return redactSecrets(await sendEdit(target, params, images, options), [target.apiKey]);
}

async function sendEdit(target: PlaygroundTarget, params: EditParams, images: readonly EditInputImage[], options: SendOptions): Promise<EditOutcome> {
  const request = buildEditRequest(target, params, images);
  const rawRequest = describeRequest(request, Boolean(target.apiKey));
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await sendPrepared(request, target, options);
    const text = responseText(response);
    const info = { rawRequest, rawResponse: describeResponse(response.status, response.headers, text, response.truncated), status: response.status, latencyMs: latency() };
    const answer = answerJson(response, text);
    if ('error' in answer) return { ...info, ok: false, error: answer.error };
    const json = answer.json;
    if (params.transport === 'nunchaku' && (json as { success?: unknown })?.success === false) {
      return { ...info, ok: false, error: parseErrorBody(response.status, text) };
    }
    try {
      return { ...info, ok: true, result: parseEditResponse(params.transport, json) };
    } catch (error) {
      return { ...info, ok: false, error: { status: response.status, message: `unexpected answer: ${clip((error as Error).message, 300)}`, shape: 'unexpected', fields: [] } };
    }
  } catch (error) {
    return { rawRequest, latencyMs: latency(), ok: false, error: networkError(error) };
  }
}
