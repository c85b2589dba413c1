// Webview forms → core client parameters. Pure: no vscode import, unit-tested.
import type { CaptionParams } from '../../core/playground/captionRequest.js';
import type { EditParams } from '../../core/playground/editRequest.js';
import type { CaptionForm, EditForm } from '../../messages/playgroundMessages.js';

export function captionParamsOf(form: CaptionForm): CaptionParams {
  return { system: form.system, prompt: form.prompt, dialect: form.dialect, maxTokens: form.maxTokens, temperature: form.temperature, topP: form.topP, stream: form.stream };
}

export function editParamsOf(form: EditForm): EditParams {
  return {
    transport: form.transport,
    prompt: form.prompt,
    negativePrompt: form.negativePrompt || undefined,
    steps: form.steps,
    guidanceScale: form.guidanceScale,
    trueCfgScale: form.trueCfgScale,
    seed: form.seed,
    size: form.size || undefined,
    n: form.n === 1 && form.transport !== 'omni' ? undefined : form.n,
    rank: form.rank,
  };
}

export function base64Bytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
