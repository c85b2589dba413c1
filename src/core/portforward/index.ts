export { PodForwarder, type PodForwarderOptions, type ForwardEvent, type ForwardState, type ForwardStatus } from './podForwarder.js';
export { PortInUseError, parseLocalPort } from './portInUse.js';
export { endpointForwarder, type EndpointForwardTarget } from './endpointForwarder.js';
export { openAiBaseUrl, openAiBaseUrlExport, curlSnippet, pythonSnippet } from './snippets.js';
