/** The Port Forwards view's commands (package.json contributes them). */
export const PORT_FORWARD_COMMANDS = {
  stop: 'inferenceEndpointStudio.portForwards.stop',
  restart: 'inferenceEndpointStudio.portForwards.restart',
  copyUrl: 'inferenceEndpointStudio.portForwards.copyUrl',
  copyOpenAiBaseUrl: 'inferenceEndpointStudio.portForwards.copyOpenAiBaseUrl',
  copyCurl: 'inferenceEndpointStudio.portForwards.copyCurl',
  copyPython: 'inferenceEndpointStudio.portForwards.copyPython',
  forwardOnPort: 'inferenceEndpointStudio.portForwards.forwardOnPort',
} as const;
