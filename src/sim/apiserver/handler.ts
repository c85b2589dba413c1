import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, authorize, splitPathToken, type SimUser } from './auth.js';
import type { ServerContext } from './context.js';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  aggregatedVersion,
  apiGroupFor,
  apiGroupList,
  apiVersions,
  resourceList,
  versionInfo,
} from './discovery.js';
import { paginate, selectorFor } from './listing.js';
import { serveLogs } from './logs.js';
import { serveScale } from './scale.js';
import { apiVersionOf } from './objects.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { openApiV2Document } from './openapi/v2Document.js';
import { encodeSwaggerDocument } from './openapi/v2Proto.js';
import type { ServedResource } from './registry.js';
import { parseResourcePath, type ResourcePath } from './requestInfo.js';
import { sendError, sendJson } from './respond.js';
import { ApiError, errors } from './status.js';
import { toTable, wantsTable, type IncludeObject } from './table.js';
import { serveWatch } from './watch.js';
import { create, ensureStatusTarget, patch, remove, replace, type WriteTarget } from './writes.js';

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

/** Every HTTP request: authentication, then non-resource paths (discovery, OpenAPI), then resources. Never throws. */
export async function handleRequest(ctx: ServerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The simulated clock, which runs ahead at speeds above 1, like a real API server's own clock: clients that read
  // Date (our explorer) compute ages against it.
  response.sendDate = false;
  response.setHeader('Date', ctx.now().toUTCString());
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { token, path: unprefixed } = splitPathToken(url.pathname);
    const path = unprefixed.replace(/\/+$/, '') || '/';
    if (publicPaths.has(path)) return servePublic(ctx, path, response);
    const user = authenticate(request, ctx.users, token);
    if (!user) throw errors.unauthorized();
    if (serveNonResource(ctx, request, response, path)) return;
    const info = parseResourcePath(path);
    if (!info) throw errors.pathNotFound();
    await serveResource(ctx, request, response, user, info, url.searchParams);
  } catch (error) {
    if (!(error instanceof ApiError)) process.emitWarning(`simulated apiserver: ${request.method} ${request.url?.split('?')[0]} failed: ${(error as Error)?.stack ?? error}`);
    if (!response.headersSent) sendError(response, error);
    else if (!response.writableEnded) response.end();
  }
}

function servePublic(ctx: ServerContext, path: string, response: ServerResponse): void {
  if (path === '/version') return sendJson(response, 200, versionInfo(ctx.version));
  response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('ok');
}

function serveNonResource(ctx: ServerContext, request: IncomingMessage, response: ServerResponse, path: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = String(request.headers.accept ?? '');
  const aggregated = aggregatedVersion(accept);
  if (path === '/api') {
    if (aggregated) sendJson(response, 200, aggregatedDiscovery(ctx.registry, true, aggregated), aggregatedContentType(aggregated));
    else sendJson(response, 200, apiVersions(ctx.address()));
    return true;
  }
  if (path === '/apis') {
    if (aggregated) sendJson(response, 200, aggregatedDiscovery(ctx.registry, false, aggregated), aggregatedContentType(aggregated));
    else sendJson(response, 200, apiGroupList(ctx.registry));
    return true;
  }
  if (path === '/openapi/v3') {
    sendJson(response, 200, openApiIndex(ctx.registry, ctx.version.gitVersion));
    return true;
  }
  if (path.startsWith('/openapi/v3/')) {
    const doc = openApiDocument(ctx.registry, path.slice('/openapi/v3/'.length), ctx.version.gitVersion);
    if (!doc) throw errors.pathNotFound();
    sendJson(response, 200, doc);
    return true;
  }
  if (path === '/openapi/v2' || path === '/swagger-2.0.0.pb-v1' || path === '/swagger.json') {
    const doc = openApiV2Document(ctx.registry, ctx.version.gitVersion);
    // client-go asks for protobuf only (no JSON fallback); anything else gets JSON, as from a real apiserver.
    if (accept.includes('application/com.github.proto-openapi.spec.v2') || path === '/swagger-2.0.0.pb-v1') {
      response.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
      response.end(encodeSwaggerDocument(doc));
    } else sendJson(response, 200, doc);
    return true;
  }
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'api' && segments.length === 2) {
    const list = resourceList(ctx.registry, '', segments[1]);
    if (!list) throw errors.pathNotFound();
    sendJson(response, 200, list);
    return true;
  }
  if (segments[0] === 'apis' && segments.length === 2) {
    const group = apiGroupFor(ctx.registry, segments[1]);
    if (!group) throw errors.pathNotFound();
    sendJson(response, 200, group);
    return true;
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const list = resourceList(ctx.registry, segments[1], segments[2]);
    if (!list) throw errors.pathNotFound();
    sendJson(response, 200, list);
    return true;
  }
  return false;
}

function verbFor(method: string, info: ResourcePath, query: URLSearchParams): string {
  const watch = info.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (info.subresource === 'portforward') return 'create';
      if (info.name && !watch) return 'get';
      return watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return info.name ? 'delete' : 'deletecollection';
    default:
      throw errors.methodNotAllowed(method);
  }
}

function includeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  if (!value) return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw errors.badRequest(`includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`);
}

async function serveResource(ctx: ServerContext, request: IncomingMessage, response: ServerResponse, user: SimUser, info: ResourcePath, query: URLSearchParams): Promise<void> {
  const resource = ctx.registry.find(info.group, info.version, info.plural);
  if (!resource) throw errors.pathNotFound();
  if (info.namespace !== undefined && !resource.type.namespaced) throw errors.pathNotFound();
  const method = request.method ?? 'GET';
  const verb = verbFor(method, info, query);
  authorize(user, { verb, group: info.group, plural: info.plural, subresource: info.subresource, namespace: info.namespace, name: info.name });
  const table = wantsTable(String(request.headers.accept ?? '')) ? includeObject(query) : undefined;
  if (info.subresource === 'log' || info.subresource === 'portforward') {
    if (resource.key !== 'pods' || !info.name) throw errors.pathNotFound();
    const pod = ctx.store.get('pods', info.namespace, info.name);
    if (!pod) throw errors.notFound(resource.type, info.name);
    if (info.subresource === 'log') {
      if (verb !== 'get') throw errors.methodNotAllowed(method);
      return serveLogs(ctx, request, response, query, pod);
    }
    throw new ApiError(400, 'BadRequest', 'port-forward needs a connection upgrade (WebSocket v4.channel.k8s.io / portforward.k8s.io, or SPDY/3.1)');
  }

  if (info.subresource === 'scale' && info.name && resource.type.subresources?.includes('scale')) {
    if (!['GET', 'PUT', 'PATCH'].includes(method)) throw errors.methodNotAllowed(method);
    return sendJson(response, 200, await serveScale(ctx, request, query, resource, info.namespace, info.name));
  }
  const target: WriteTarget = ensureStatusTarget({ resource, namespace: info.namespace, name: info.name }, info.subresource);
  switch (verb) {
    case 'get': {
      const object = ctx.store.get(resource.key, info.namespace, info.name!);
      if (!object) throw errors.notFound(resource.type, info.name!);
      if (table) return sendJson(response, 200, toTable(resource, [object], { resourceVersion: object.metadata.resourceVersion }, ctx.now(), table));
      return sendJson(response, 200, object);
    }
    case 'list':
      return serveList(ctx, response, resource, info, query, table);
    case 'watch': {
      const watchQuery = new URLSearchParams(query);
      if (info.name) watchQuery.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${info.name}`].filter(Boolean).join(','));
      return serveWatch(ctx, request, response, { resource, namespace: info.namespace, query: watchQuery, table });
    }
    case 'create': {
      if (info.name) throw errors.methodNotAllowed(method);
      const result = await create(ctx, request, query, target);
      return sendJson(response, result.code, result.object);
    }
    case 'update': {
      const result = await replace(ctx, request, query, target);
      return sendJson(response, result.code, result.object);
    }
    case 'patch': {
      const result = await patch(ctx, request, query, target);
      return sendJson(response, result.code, result.object);
    }
    case 'delete': {
      if (info.subresource) throw errors.methodNotAllowed(method);
      const result = await remove(ctx, request, query, target);
      return sendJson(response, result.code, result.object);
    }
    case 'deletecollection': {
      const selector = selectorFor(resource, query);
      const objects = ctx.store.list(resource.key, info.namespace).filter(selector);
      const dryRun = query.get('dryRun') === 'All';
      const deleted = dryRun ? objects : objects.map((o) => ctx.store.delete(resource.key, o.metadata.namespace, o.metadata.name)).filter((o) => o !== undefined);
      return sendJson(response, 200, { kind: `${resource.type.kind}List`, apiVersion: apiVersionOf(resource), metadata: { resourceVersion: String(ctx.store.resourceVersion()) }, items: deleted });
    }
  }
}

function serveList(ctx: ServerContext, response: ServerResponse, resource: ServedResource, info: ResourcePath, query: URLSearchParams, table: IncludeObject | undefined): void {
  const selector = selectorFor(resource, query);
  const rv = ctx.store.resourceVersion();
  const all = ctx.store.list(resource.key, info.namespace).filter(selector);
  const { page, meta } = paginate(all, query, rv);
  if (table) return sendJson(response, 200, toTable(resource, page, meta, ctx.now(), table));
  const apiVersion = apiVersionOf(resource);
  const items = page.map((o) => ({ ...o, apiVersion: o.apiVersion ?? apiVersion, kind: o.kind ?? resource.type.kind }));
  sendJson(response, 200, { kind: `${resource.type.kind}List`, apiVersion, metadata: meta, items });
}
