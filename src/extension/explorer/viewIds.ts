/** View ids from package.json, in a module light enough for the eager bundle. */
export const EXPLORER_VIEW = 'inferenceEndpointStudio.explorer';
export const PLAYGROUND_VIEW_TYPE = 'inferenceEndpointStudio.playground';
export const PORT_FORWARDS_VIEW = 'inferenceEndpointStudio.portForwards';
