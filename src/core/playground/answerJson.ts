import { describeUnexpectedBody } from '../http/bodySummary.js';
import type { HttpResponse } from '../http/index.js';
import { parseErrorBody } from './errorBody.js';
import type { PlaygroundError } from './types.js';

/** A buffered answer's JSON, or the error a user should see instead: the server's error, a cut or non-JSON body. */
export function answerJson(response: HttpResponse, text: string): { json: unknown } | { error: PlaygroundError } {
  if (response.status >= 400) return { error: parseErrorBody(response.status, text) };
  if (response.truncated) {
    return { error: { status: response.status, message: `HTTP ${response.status} with an answer larger than ${Math.round(response.body.length / 1048576)} MiB: cut at the size limit (is this the model server?)`, shape: 'unexpected', fields: [] } };
  }
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { error: { status: response.status, message: describeUnexpectedBody(response.status, text, response.headers['content-type']), shape: 'text', fields: [] } };
  }
}
