import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, LogLine } from '../store/types.js';
import type { ServerContext } from './context.js';
import { errors } from './status.js';

/** RFC3339Nano as Go prints it: fractional seconds without trailing zeros. */
export function rfc3339Nano(date: Date): string {
  const iso = date.toISOString();
  // `…:SS.mmmZ`: trailing zeros of the milliseconds dropped, and the dot when all three are.
  const length = iso.length;
  let end = length - 1;
  while (end > length - 4 && iso.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (end === length - 4) end--;
  return iso.slice(0, end) + 'Z';
}

function pickContainer(pod: KubeObject, requested: string | null): string {
  const spec = (pod as { spec?: { containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> } }).spec ?? {};
  const containers = (spec.containers ?? []).map((c) => c.name);
  const inits = (spec.initContainers ?? []).map((c) => c.name);
  const podName = pod.metadata.name;
  if (requested) {
    if (!containers.includes(requested) && !inits.includes(requested)) {
      throw errors.badRequest(`container ${requested} is not valid for pod ${podName}`);
    }
    return requested;
  }
  if (containers.length === 1) return containers[0];
  if (containers.length === 0) throw errors.badRequest(`pod ${podName} has no containers`);
  const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
  throw errors.badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${initPart}`);
}

function waitingReason(pod: KubeObject, container: string): string | undefined {
  const status = (pod as { status?: { containerStatuses?: any[]; initContainerStatuses?: any[] } }).status;
  const s = [...(status?.containerStatuses ?? []), ...(status?.initContainerStatuses ?? [])].find((c) => c.name === container);
  return s?.state?.waiting?.reason ?? (s ? undefined : 'ContainerCreating');
}

function intParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw errors.badRequest(`${name}: Invalid value: "${text}": must be a non-negative integer`);
  return value;
}

/** The `pods/log` subresource: follow, previous, tailLines, sinceTime, sinceSeconds, timestamps, limitBytes, container. */
export function serveLogs(ctx: ServerContext, request: IncomingMessage, response: ServerResponse, query: URLSearchParams, pod: KubeObject): void {
  const container = pickContainer(pod, query.get('container'));
  const namespace = pod.metadata.namespace ?? 'default';
  const previous = query.get('previous') === 'true';
  const follow = query.get('follow') === 'true' && !previous;
  const timestamps = query.get('timestamps') === 'true';
  const tailLines = intParam(query, 'tailLines');
  const sinceSeconds = intParam(query, 'sinceSeconds');
  const limitBytes = intParam(query, 'limitBytes');
  const sinceTimeText = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTimeText) throw errors.badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  let since: number | undefined;
  if (sinceTimeText) {
    since = Date.parse(sinceTimeText);
    if (Number.isNaN(since)) throw errors.badRequest(`sinceTime: Invalid value: "${sinceTimeText}": must be an RFC3339 timestamp`);
  } else if (sinceSeconds !== undefined) since = ctx.now().getTime() - sinceSeconds * 1000;

  const buffered: LogLine[] = [];
  let initialDone = false;
  let stopFollow: (() => void) | undefined;
  let ended = false;
  let written = 0;
  const finish = () => {
    if (ended) return;
    ended = true;
    stopFollow?.();
    ctx.streams.delete(stream);
    if (!response.writableEnded) response.end();
  };
  const stream = { close: finish };
  const format = (line: LogLine) => (timestamps ? (line.stamped ??= `${rfc3339Nano(line.time)} ${withNewline(line.text)}`) : withNewline(line.text));
  const emit = (line: LogLine) => {
    if (ended) return;
    let text = format(line);
    if (limitBytes !== undefined) {
      if (written >= limitBytes) return finish();
      text = Buffer.from(text).subarray(0, limitBytes - written).toString();
    }
    written += Buffer.byteLength(text);
    response.write(text);
    if (limitBytes !== undefined && written >= limitBytes) finish();
  };

  if (follow && ctx.logs) {
    stopFollow = ctx.logs.follow(namespace, pod.metadata.name, container, (line) => {
      if (line === null) {
        if (initialDone) finish();
        else buffered.push({ time: new Date(0), text: '\u0000end' });
        return;
      }
      if (initialDone) emit(line);
      else buffered.push(line);
    });
  }
  const lines = ctx.logs?.lines(namespace, pod.metadata.name, container, previous);
  if (!lines) {
    stopFollow?.();
    if (previous) throw errors.badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    const reason = waitingReason(pod, container) ?? 'ContainerCreating';
    throw errors.badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  }
  let selected = since === undefined ? lines : lines.filter((l) => l.time.getTime() >= since!);
  if (tailLines !== undefined) selected = tailLines === 0 ? [] : selected.slice(-tailLines);

  response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  ctx.streams.add(stream);
  request.on('close', finish);
  if (limitBytes === undefined) writeBacklog(response, selected.map(format));
  else for (const line of selected) emit(line);
  if (!follow || !ctx.logs) return finish();
  initialDone = true;
  // Lines that arrived while the backlog was read: those already in it are not sent twice.
  const seen = buffered.length > 0 ? new Set(lines) : undefined;
  const seenText = buffered.length > 0 ? new Set(lines.map((l) => `${l.time.getTime()}\u0000${l.text}`)) : undefined;
  for (const line of buffered) {
    if (line.text === '\u0000end' && line.time.getTime() === 0) return finish();
    if (!seen!.has(line) && !seenText!.has(`${line.time.getTime()}\u0000${line.text}`)) emit(line);
  }
  response.flushHeaders();
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** The log's existing lines in ~64 KiB writes: a write per line would send a chunk header per line. */
function writeBacklog(response: { write(text: string): boolean }, texts: readonly string[]): void {
  let batch = '';
  for (const text of texts) {
    batch += text;
    if (batch.length >= 65_536) {
      response.write(batch);
      batch = '';
    }
  }
  if (batch) response.write(batch);
}
