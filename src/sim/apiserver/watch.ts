import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, StoreEvent, WatchEventType } from '../store/types.js';
import type { ServerContext } from './context.js';
import { selectorFor } from './listing.js';
import { apiVersionOf } from './objects.js';
import type { ServedResource } from './registry.js';
import { errors } from './status.js';
import { toTable, type IncludeObject } from './table.js';

export interface WatchRequest {
  resource: ServedResource;
  namespace?: string;
  query: URLSearchParams;
  table?: IncludeObject;
}

type OutType = WatchEventType | 'BOOKMARK' | 'ERROR';

/** Streams watch events as newline-delimited JSON over chunked HTTP, like the apiserver. */
export function serveWatch(ctx: ServerContext, request: IncomingMessage, response: ServerResponse, watch: WatchRequest): void {
  const { resource, namespace, query } = watch;
  const selector = selectorFor(resource, query);
  const rvText = query.get('resourceVersion') ?? '';
  const allowBookmarks = query.get('allowWatchBookmarks') === 'true';
  const sendInitial = query.get('sendInitialEvents') === 'true';
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  if (rvText && !/^\d+$/.test(rvText)) throw errors.badRequest(`invalid resource version: "${rvText}"`);

  const inScope = (o: KubeObject) => (namespace === undefined || o.metadata.namespace === namespace) && selector(o);
  let lastRv = 0;
  let first = true;
  const write = (type: OutType, object: unknown) => {
    if (response.writableEnded) return;
    let payload = object;
    if (watch.table && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      payload = toTable(resource, [object as KubeObject], { resourceVersion: (object as KubeObject).metadata.resourceVersion }, ctx.now(), watch.table, first);
      first = false;
    }
    response.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const deliver = (event: StoreEvent) => {
    if (event.resource.plural !== resource.type.plural || event.resource.group !== resource.type.group) return;
    if (event.resourceVersion <= lastRv) return;
    lastRv = event.resourceVersion;
    const now = inScope(event.object);
    const before = event.previous ? inScope(event.previous) : undefined;
    if (event.type === 'MODIFIED') {
      if (now && before !== false) write('MODIFIED', event.object);
      else if (now) write('ADDED', event.object);
      else if (before) write('DELETED', event.object);
    } else if (now) write(event.type, event.object);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: resource.type.kind,
      apiVersion: apiVersionOf(resource),
      metadata: { resourceVersion: String(lastRv || ctx.store.resourceVersion()), creationTimestamp: null, ...(annotations ? { annotations } : {}) },
    });

  const pending: StoreEvent[] = [];
  let live = false;
  const unsubscribe = ctx.store.subscribe((event) => (live ? deliver(event) : pending.push(event)));
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  response.flushHeaders();

  const timers: NodeJS.Timeout[] = [];
  const stream = {
    close: () => {
      unsubscribe();
      for (const t of timers) clearInterval(t);
      ctx.streams.delete(stream);
      if (!response.writableEnded) response.end();
    },
  };
  ctx.streams.add(stream);
  request.on('close', stream.close);
  response.on('error', stream.close);

  if (!rvText || rvText === '0' || sendInitial) {
    const current = ctx.store.resourceVersion();
    const objects = (namespace === undefined ? ctx.store.list(resource.key) : ctx.store.list(resource.key, namespace)).filter(inScope);
    for (const object of objects) write('ADDED', object);
    lastRv = current;
    if (sendInitial && allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const since = Number(rvText);
    const history = ctx.store.eventsSince(since);
    if (history === 'gone') {
      const oldest = (ctx.store as { oldestResourceVersion?: () => number }).oldestResourceVersion?.() ?? ctx.store.resourceVersion();
      write('ERROR', errors.gone(`too old resource version: ${since} (${oldest})`).toStatus());
      stream.close();
      return;
    }
    lastRv = since;
    for (const event of history) deliver(event);
  }
  for (const event of pending) deliver(event);
  live = true;
  if (allowBookmarks) timers.push(setInterval(() => bookmark(), ctx.bookmarkIntervalMs));
  if (timeoutSeconds > 0) timers.push(setTimeout(stream.close, timeoutSeconds * 1000));
}
