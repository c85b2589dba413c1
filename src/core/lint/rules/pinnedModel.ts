import type { PinnedModel } from '../options.js';
import { replaceScalar } from '../../yaml/edits.js';
import type { CommandToken } from '../../nimservice/commandLine.js';
import { globMatches, isEditable } from './nimServiceRule.js';
import { servingContainerRule, wordRange } from './servingContainerRule.js';

const CODE = 'pinned-model';

export const pinnedModel = servingContainerRule({
  id: CODE,
  description: 'Endpoints with a pinned model serve exactly that model (setting lint.pinnedModels), in any workload kind.',
  nimService: true,
  check(container, context) {
    const pins = context.options.pinnedModels;
    if (pins.length === 0) return;
    const d = container.document;
    const reportToken = (token: CommandToken | undefined, message: string, pin: PinnedModel | undefined) => {
      const range = wordRange(container, token);
      if (!range) return;
      const edits = pin && isEditable(token) ? replaceScalar(d, token.path, pin.model) : undefined;
      context.report({ code: CODE, severity: 'error', message, ...range, fixes: edits ? [{ title: `Serve ${pin!.model}`, edits, isPreferred: true }] : undefined });
    };

    const model = container.invocation?.model;
    const served = container.settings.servedModelName;
    const candidates = [
      { id: model?.id, token: model?.token },
      { id: served?.value, token: served?.token ?? served?.flag?.nameToken },
    ];
    const flagged = new Set<string | undefined>();
    for (const { id, token } of candidates) {
      const pin = id ? forbiddingPin(pins, id) : undefined;
      if (!id || !pin) continue;
      flagged.add(id);
      reportToken(token, `${id} is not a substitute for ${pin.model}: ${pin.reason}. Serve ${pin.model}.`, pin);
    }

    // A NIM image of a forbidden model (`nvcr.io/nim/qwen/qwen-image-edit-2511`).
    const repository = container.image?.repository;
    const imageModel = repository?.replace(/^[^/]*\.[^/]*\/(nim\/)?/i, '');
    const imagePin = imageModel ? forbiddingPin(pins, imageModel) : undefined;
    const imageRange = d.valueRange(container.paths.image);
    if (imagePin && imageRange) {
      context.report({
        code: CODE,
        severity: 'error',
        message: `${repository} serves a substitute for ${imagePin.model}: ${imagePin.reason}. Serve ${imagePin.model} (e.g. with vLLM-omni).`,
        ...imageRange,
      });
    }

    // Every vLLM-omni endpoint here is an image-edit endpoint: it must serve one of the pins.
    if (container.runtime !== 'vllm-omni' || !model) return;
    const pinned = pins.map((p) => p.model);
    const only = pins.length === 1 ? pins[0] : undefined;
    for (const { id, token } of candidates) {
      if (!id || flagged.has(id) || pinned.includes(id)) continue;
      reportToken(token, `Image-edit (vLLM-omni) endpoints must serve ${pinned.join(' or ')}, not ${id}${only ? `: ${only.reason}` : ''}.`, only);
    }
  },
});

function forbiddingPin(pins: readonly PinnedModel[], id: string): PinnedModel | undefined {
  return pins.find((pin) => id !== pin.model && pin.forbidden.some((glob) => globMatches(glob, id)));
}
