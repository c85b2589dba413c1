import { nimOperatorValidators } from './crdValidators.js';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';
import { clusterControllersPlugin, seedFixture } from './operator/index.js';

/**
 * The whole simulated GPU cluster as users and the sandbox start it: API server with the NIM Operator's
 * CRD validation, the fixture (demo by default), and the operator / scheduler / kubelet / inference-server controllers.
 */
export function startGpuLab(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    fixture: 'demo',
    validators: nimOperatorValidators('main'),
    seed: seedFixture,
    controllers: [clusterControllersPlugin],
    ...options,
  });
}
