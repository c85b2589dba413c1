import { appendToSequence, replaceScalar } from '../../yaml/edits.js';
import { isVllmRuntime } from '../../nimservice/runtime.js';
import { NIM_PATHS, VLLM_DEFAULT_PORT } from '../../nimservice/nimServiceView.js';
import { findFlag } from '../../nimservice/vllmInvocation.js';
import { isEditable, nimServiceRule, tokenRange } from './nimServiceRule.js';

/** vLLM ignores the operator's NIM_SERVER_PORT; the Service targets the container port named `api` = expose.service.port. */
export const portMismatch = nimServiceRule({
  id: 'port-mismatch',
  description: 'vLLM --port must equal spec.expose.service.port.',
  check(view, context) {
    if (!isVllmRuntime(view.runtime) || !view.invocation) return;
    const d = view.document;
    const port = view.servicePort;
    const flag = findFlag(view.invocation, 'port');
    if (!flag) {
      // vLLM-omni without --port is vllm-omni-command's finding (same fix); do not report it twice.
      if (port === VLLM_DEFAULT_PORT || view.runtime === 'vllm-omni') return;
      const edits = appendToSequence(d, NIM_PATHS.args, ['--port', String(port)]);
      // The service port is the number the user chose; the fix adds the matching flag.
      context.report({
        code: 'port-mismatch',
        severity: 'error',
        message: `vLLM listens on ${VLLM_DEFAULT_PORT} without --port, but expose.service.port is ${port}: add "--port", "${port}" to spec.args.`,
        ...(d.valueRange(NIM_PATHS.servicePort) ?? d.keyRange(NIM_PATHS.spec)!),
        fixes: edits ? [{ title: `Add --port ${port} to spec.args`, edits, isPreferred: true }] : undefined,
      });
      return;
    }
    if (flag.value === undefined || Number(flag.value) === port) return;
    const token = flag.inline ? flag.nameToken : flag.valueToken;
    const range = tokenRange(view, token);
    if (!range) return;
    const edits = isEditable(token) ? replaceScalar(d, token.path, flag.inline ? `--port=${port}` : String(port)) : undefined;
    context.report({
      code: 'port-mismatch',
      severity: 'error',
      message: `vLLM listens on --port ${flag.value}, but expose.service.port is ${port} and the Service sends traffic there: set --port ${port} (or change expose.service.port).`,
      ...range,
      fixes: edits ? [{ title: `Set --port ${port}`, edits, isPreferred: true }] : undefined,
    });
  },
});
