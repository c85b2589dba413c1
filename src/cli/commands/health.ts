import { parseArgs } from 'node:util';
import { ENDPOINT_KINDS, type EndpointKind } from '../../core/endpoints/endpointConfig.js';
import { fromConfig } from '../../core/endpoints/registry.js';
import type { RegisteredEndpoint } from '../../core/endpoints/registeredEndpoint.js';
import { formatHealthText, healthJson } from '../../core/health/formatReport.js';
import { runHealthCheck } from '../../core/health/runHealthCheck.js';
import { resolveProxy } from '../../core/http/proxy.js';
import type { CliIo } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../usageError.js';
import { checkClusterTarget, ClusterTargetError } from '../../core/health/checkClusterTarget.js';

export const healthHelp = `Usage: ies health (TARGET | --url BASE_URL) [options]

Checks an inference endpoint before you send it work: the NIMService is Ready with no recent
restarts, /v1/models serves exactly the expected model, the kind's health route, the API key, /metrics, latency.

  TARGET                    namespace/name or nimservice/name (-n NS): a NIMService in the cluster, reached
                            directly or through an automatic port-forward
  --url BASE_URL            the /v1 base, e.g. http://host:8000/v1

Options:
  --model ID                model id the endpoint must serve exactly (TARGET: default its manifest's model)
  --kind K                  openai (vLLM, default) | nim | omega | nunchaku
  --api-key-env VAR         read the API key from this environment variable (never pass a key on the command line)
  --header 'NAME: VALUE'    extra request header (repeatable)
  --ca-file FILE            PEM CA to trust for HTTPS
  --insecure                skip TLS verification (throwaway test endpoints only)
  --direct                  TARGET: try the in-cluster URL before port-forwarding (when running inside the cluster network)
  --health-url URL          health route elsewhere, e.g. an HTTP forwarder beside the server: http://host:5005/health
  --timeout D               per-request timeout: 500ms, 5s, 1m (default 5s)
  --format text|json        output format (default text)
  -n, --namespace NS        namespace for TARGET (default: the context's, else default)
  --kubeconfig FILE         kubeconfig for TARGET (default KUBECONFIG / ~/.kube/config)
  --context NAME            kubeconfig context for TARGET

Proxies: HTTPS_PROXY / HTTP_PROXY and NO_PROXY are honoured.
Exit codes: 0 healthy, 1 unhealthy, 2 usage error.`;

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new UsageError(`cannot read duration ${JSON.stringify(text)}: use e.g. 500ms, 5s or 1m`);
  const value = Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000);
  if (value <= 0) throw new UsageError('--timeout must be positive');
  return value;
}

function parseHeaders(values: string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of values ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header ${JSON.stringify(h)}: use 'Name: value'`);
    const name = h.slice(0, i).trim();
    if (name.toLowerCase() === 'authorization') throw new UsageError('pass the API key through --api-key-env, not --header');
    headers[name] = h.slice(i + 1).trim();
  }
  return headers;
}

export async function runHealth(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      model: { type: 'string' },
      kind: { type: 'string' },
      'api-key-env': { type: 'string' },
      header: { type: 'string', multiple: true },
      'ca-file': { type: 'string' },
      insecure: { type: 'boolean', default: false },
      direct: { type: 'boolean', default: false },
      'health-url': { type: 'string' },
      timeout: { type: 'string', default: '5s' },
      format: { type: 'string', default: 'text' },
      namespace: { type: 'string', short: 'n' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(healthHelp + '\n');
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format ${values.format}: use text or json`);
  if (values.kind !== undefined && !ENDPOINT_KINDS.includes(values.kind as EndpointKind)) throw new UsageError(`unknown --kind ${values.kind}: use ${ENDPOINT_KINDS.join(', ')}`);
  if (positionals.length > 1) throw new UsageError(`one TARGET at a time, got ${positionals.join(' ')}`);
  if (!values.url === !positionals.length) throw new UsageError('give either TARGET (namespace/name) or --url BASE_URL');
  const timeoutMs = parseDuration(values.timeout!);
  let apiKey: string | undefined;
  if (values['api-key-env'] !== undefined) {
    apiKey = io.env[values['api-key-env']];
    if (!apiKey) throw new UsageError(`environment variable ${values['api-key-env']} (--api-key-env) is not set or empty`);
  }
  const headers = parseHeaders(values.header);
  const kind = (values.kind ?? 'openai') as EndpointKind;

  if (values.url) {
    let endpoint: RegisteredEndpoint;
    try {
      endpoint = fromConfig({ name: values.url, baseUrl: new URL(values.url).toString(), kind, expectedModel: values.model, headers, caFile: values['ca-file'], insecureTls: values.insecure, healthUrl: values['health-url'] });
    } catch {
      throw new UsageError(`--url ${JSON.stringify(values.url)} is not a URL; expected e.g. http://host:8000/v1`);
    }
    let report;
    try {
      report = await runHealthCheck(endpoint, { apiKey, timeoutMs, proxy: resolveProxy(endpoint.baseUrl, { env: io.env }) });
    } catch (error) {
      if (/CA file/.test((error as Error).message)) throw new UsageError((error as Error).message);
      throw error;
    }
    io.out(values.format === 'json' ? JSON.stringify(healthJson(report)) + '\n' : formatHealthText(report, io.isTTY));
    return report.healthy ? EXIT_OK : EXIT_FINDINGS;
  }

  const report = await checkClusterTarget({
    target: positionals[0], namespace: values.namespace, kubeconfig: values.kubeconfig, context: values.context,
    kind: values.kind as EndpointKind | undefined, expectedModel: values.model, headers, apiKey, timeoutMs, env: io.env,
    caFile: values['ca-file'], insecureTls: values.insecure, tryDirect: values.direct,
  }).catch((error) => {
    throw error instanceof ClusterTargetError ? new UsageError(error.message) : error;
  });
  io.out(values.format === 'json' ? JSON.stringify(healthJson(report)) + '\n' : formatHealthText(report, io.isTTY));
  return report.healthy ? EXIT_OK : EXIT_FINDINGS;
}
