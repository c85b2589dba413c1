export { endpointConfigSchema, parseEndpointConfigs, ENDPOINT_KINDS, type EndpointConfig, type EndpointConfigInput, type EndpointKind, type ConfigProblem } from './endpointConfig.js';
export { endpointUrls, withOrigin, type EndpointUrls } from './baseUrl.js';
export { expectedModelFor, knownWrongSubstitute, TEMPLATE_EXPECTED_MODELS, IMAGE_EDIT_MODEL, CAPTION_MODEL } from './expectedModels.js';
export { clusterEndpointKey, userEndpointKey, type ClusterRef, type RegisteredEndpoint } from './registeredEndpoint.js';
export { EndpointRegistry, fromConfig, fromCluster, type DiscoveredEndpointInput } from './registry.js';
