import { appendToSequence, insertIntoMap } from '../../yaml/edits.js';
import { commandLineText } from '../../nimservice/commandLine.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { findFlag } from '../../nimservice/vllmInvocation.js';
import { commandLineRange, nimServiceRule, tokenRange } from './nimServiceRule.js';

const CODE = 'vllm-omni-command';

/** The vLLM-omni CLI only switches to the omni server with --omni, and needs the model as `serve`'s first argument. */
export const vllmOmniCommand = nimServiceRule({
  id: CODE,
  description: 'A vLLM-omni endpoint runs exactly `vllm serve <model> --omni --port <port>`.',
  check(view, context) {
    if (view.runtime !== 'vllm-omni') return;
    const d = view.document;
    const port = view.servicePort;
    const expected = `vllm serve <model> --omni --port ${port}`;
    const invocation = view.invocation;
    if (!invocation || invocation.kind !== 'serve') {
      context.report({
        code: CODE,
        severity: 'error',
        message: `The effective command line \`${commandLineText(view.tokens) || '(image entrypoint)'}\` does not run \`vllm serve\`: set spec.command: [vllm, serve] and spec.args: [<model>, --omni, --port, "${port}"].`,
        ...(d.keyRange(NIM_PATHS.command) ?? commandLineRange(view)),
      });
      return;
    }
    const model = invocation.model;
    if (!model) {
      const pin = context.options.pinnedModels.length === 1 ? context.options.pinnedModels[0].model : undefined;
      const edits = pin && d.nodeAt(NIM_PATHS.args) === undefined && d.pairAt(NIM_PATHS.args) === undefined
        ? insertIntoMap(d, NIM_PATHS.spec, { args: [pin, '--omni', '--port', String(port)] })
        : undefined;
      context.report({
        code: CODE,
        severity: 'error',
        message: `No model on the command line: it must be \`${expected}\`; put the model id first in spec.args.`,
        ...commandLineRange(view),
        fixes: edits ? [{ title: `Set spec.args: [${pin}, --omni, --port, "${port}"]`, edits, isPreferred: true }] : undefined,
      });
      return; // the whole invocation is missing; flag-by-flag findings would only repeat it
    }
    const before = view.tokens.slice(invocation.argsStart, model.index).filter((t) => t.source !== 'entrypoint');
    if (model.viaFlag || before.length) {
      context.report({
        code: CODE,
        severity: 'error',
        message: model.viaFlag
          ? `The model is passed with --model: it must be the first argument after \`serve\` (\`${expected}\`).`
          : `The model must be the first argument after \`serve\` (\`${expected}\`), but \`${before.map((t) => t.text).join(' ')}\` comes before it: move the model id first.`,
        ...(tokenRange(view, model.token) ?? commandLineRange(view)),
      });
    }
    if (!findFlag(invocation, 'omni')) {
      const edits = appendToSequence(d, NIM_PATHS.args, ['--omni']);
      context.report({
        code: CODE,
        severity: 'error',
        message: `Missing --omni: without it \`vllm serve\` starts the plain vLLM server, which cannot load the diffusion model. The command line must be \`${expected}\`.`,
        ...commandLineRange(view),
        fixes: edits ? [{ title: 'Add --omni to spec.args', edits, isPreferred: true }] : undefined,
      });
    }
    if (!findFlag(invocation, 'port')) {
      const edits = appendToSequence(d, NIM_PATHS.args, ['--port', String(port)]);
      context.report({
        code: CODE,
        severity: 'error',
        message: `Missing --port ${port}: vLLM ignores the operator's NIM_SERVER_PORT, so it must be told to listen on expose.service.port. The command line must be \`${expected}\`.`,
        ...commandLineRange(view),
        fixes: edits ? [{ title: `Add --port ${port} to spec.args`, edits, isPreferred: true }] : undefined,
      });
    }
  },
});
