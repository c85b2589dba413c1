import { PROBE_KEYS } from '../../nimservice/probes.js';
import { replaceScalar } from '../../yaml/edits.js';
import { containerPorts, listenPort, resolvePort } from '../../workload/listenPort.js';
import { serverName, servingContainerRule } from './servingContainerRule.js';

const CODE = 'server-port-mismatch';
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** The server's port (--port, else its default) is where containerPort, probes and the Service must point. */
export const serverPortMismatch = servingContainerRule({
  id: CODE,
  description: "containerPort and the probes' ports equal the port the server listens on (--port, else the server's default); a Service in the same file targets it.",
  check(container, context) {
    const port = listenPort(container);
    if (port === undefined) return;
    const d = container.document;
    const server = serverName(container);
    const source = container.settings.port ? (container.settings.port.env ? `${container.settings.port.env.name}=${port}` : `--port ${port}`) : "its default";
    const ports = containerPorts(container);
    if (ports.length && !ports.some((p) => p.number === port)) {
      const first = ports[0];
      const edits = ports.length === 1 ? replaceScalar(d, first.path, port) : undefined;
      context.report({
        code: CODE,
        severity: 'warning',
        message: `${server} listens on ${port} (${source}), but the container declares containerPort ${ports.map((p) => p.number).join(', ')}: a Service or probe that targets ${first.name ? `"${first.name}"` : 'it'} reaches nothing. Set containerPort: ${port} (or --port ${first.number}).`,
        ...d.valueRange(first.path)!,
        fixes: edits ? [{ title: `Set containerPort: ${port}`, edits, isPreferred: true }] : undefined,
      });
    }
    for (const key of PROBE_KEYS) {
      const probe = container.paths.probe(key);
      for (const handler of HANDLERS) {
        const portPath = [...probe, handler, 'port'];
        const value = d.valueAt(portPath);
        const resolved = resolvePort(value, ports);
        if (resolved === undefined || resolved === port) continue;
        const edits = typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? replaceScalar(d, portPath, port) : undefined;
        const effect = key === 'readinessProbe' ? 'the pod never turns Ready' : 'the kubelet restarts the container over and over';
        context.report({
          code: CODE,
          severity: 'error',
          message: `${key} checks port ${typeof value === 'string' && resolved !== Number(value) ? `"${value}" (${resolved})` : resolved}, but ${server} listens on ${port} (${source}): the probe is refused and ${effect}. Probe port ${port}.`,
          ...d.valueRange(portPath)!,
          fixes: edits ? [{ title: `Probe port ${port}`, edits, isPreferred: true }] : undefined,
        });
      }
    }
  },
});
