import { nimOperatorValidators } from './crdValidators.js';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';

/**
 * The whole simulated GPU cluster as users and the sandbox start it: API server with the NIM Operator's
 * CRD validation, the fixture, and the operator / scheduler / kubelet / inference-server controllers.
 */
export function startGpuLab(options: Omit<SimulatorOptions, 'validators'> = {}): Promise<Simulator> {
  return startSimulator({ validators: nimOperatorValidators('main'), ...options });
}
