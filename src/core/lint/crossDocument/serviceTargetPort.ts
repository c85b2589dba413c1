import type { LintDiagnostic } from '../diagnostic.js';
import { resolvePort } from '../../workload/listenPort.js';
import type { DocumentFacts, PodFacts, ServiceFacts } from './facts.js';

/**
 * A Service in the same file whose selector picks a model server's pods must send traffic to the port the
 * server listens on: targetPort (a number, or a container port's name; `port` when absent).
 */
export function serviceTargetPortFindings(facts: readonly DocumentFacts[], eol = '\n'): LintDiagnostic[] {
  const services = facts.filter((f): f is ServiceFacts => f.kind === 'service');
  if (!services.length) return [];
  const workloads = facts.filter((f): f is PodFacts => f.kind === 'pods');
  const out: LintDiagnostic[] = [];
  for (const service of services) {
    for (const pods of workloads) {
      if (!Object.entries(service.selector).every(([k, v]) => pods.labels[k] === v)) continue;
      for (const server of pods.servers) {
        const targets = service.ports.map((p) => resolvePort(p.targetPort ?? p.port, server.ports));
        if (targets.includes(server.listenPort) || targets.every((t) => t === undefined)) continue;
        const first = service.ports[targets.findIndex((t) => t !== undefined)];
        const target = first.targetPort ?? first.port;
        const edit = first.targetPort !== undefined
          ? { start: first.start, end: first.end, newText: String(server.listenPort) }
          : first.insertAfter !== undefined ? { start: first.insertAfter, end: first.insertAfter, newText: `${eol}${' '.repeat(first.column ?? 0)}targetPort: ${server.listenPort}` } : undefined;
        out.push({
          code: 'server-port-mismatch',
          severity: 'warning',
          message: `Service ${service.name ?? ''} sends traffic to port ${target}${first.targetPort === undefined ? ' (no targetPort: the same as port)' : ''}, but ${server.name} in ${pods.workload} listens on ${server.listenPort}: requests are refused. Set targetPort: ${server.listenPort}.`.replace('Service  ', 'Service '),
          start: first.start,
          end: first.end,
          documentIndex: service.documentIndex,
          fixes: edit ? [{ title: `Set targetPort: ${server.listenPort}`, edits: [edit], isPreferred: true }] : undefined,
        });
      }
    }
  }
  return out;
}
