/** Ids of the template commands, apart from their code so that activation can register them without loading it. */
export const NEW_FROM_TEMPLATE = 'inferenceEndpointStudio.newFromTemplate';
export const OPEN_EXAMPLE_MANIFEST = 'inferenceEndpointStudio.openExampleManifest';
