import type { ForwardStatus } from '../../core/portforward/podForwarder.js';
import type { ForwardEntry } from './forwardRegistry.js';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** `127.0.0.1:PORT · forwarding · ↓1.2 KB ↑300 B` (the port asked for while it is not bound yet). */
export function forwardDescription(status: ForwardStatus, requestedPort?: number): string {
  const port = status.localPort ?? requestedPort;
  const parts = [port ? `127.0.0.1:${port}` : 'any free port', status.state];
  if (status.state === 'failed' && status.reason) parts.push(status.reason);
  else parts.push(`↓${formatBytes(status.bytesIn)} ↑${formatBytes(status.bytesOut)}`);
  return parts.join(' · ');
}

/** context/namespace/endpoint → pod */
export function forwardTarget(entry: ForwardEntry, status: ForwardStatus): string {
  const c = entry.endpoint.cluster;
  return `${c.context ?? '(current context)'}/${c.namespace}/${c.name} → ${status.pod ? `pod/${status.pod}` : 'a ready pod'}:${c.port}`;
}

export function forwardTooltipMarkdown(entry: ForwardEntry, status: ForwardStatus): string {
  const lines = [
    `**Port forward ${entry.endpoint.name}**`,
    '',
    `Target: \`${forwardTarget(entry, status)}\`  `,
    `Local: ${status.localUrl ? `\`${status.localUrl}\`` : status.localPort ?? entry.requestedPort ?? 'any free port'}  `,
    `State: ${status.state}${status.reason ? ` — ${status.reason}` : ''}  `,
    `Bytes: ${formatBytes(status.bytesIn)} in, ${formatBytes(status.bytesOut)} out; ${status.connections} open connection(s)`,
  ];
  if (status.localUrl) lines.push('', `\`export OPENAI_BASE_URL=${status.localUrl}/v1\``);
  return lines.join('\n');
}

export function statusBarText(count: number): string {
  return `$(plug) ${count} ${count === 1 ? 'forward' : 'forwards'}`;
}
