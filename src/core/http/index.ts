export { createDispatcher, loadCa, DEFAULT_TIMEOUT_MS, type DispatcherOptions } from './dispatcher.js';
export { httpRequest, responseText, responseJson, errorMessageOf, DEFAULT_MAX_BODY_BYTES, type HttpRequestOptions, type HttpResponse } from './request.js';
export { HttpRequestError, classifyHttpError, redactUrl, type HttpFailureKind } from './errors.js';
export { resolveProxy, type ProxySources, type ProxyChoice } from './proxy.js';
