import { nimOperatorValidators } from './crdValidators.js';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';
import { gpuLabControllersPlugin } from './lab/gpuLabControllers.js';
import { seedFixture } from './operator/index.js';

/**
 * The whole simulated GPU cluster as users and the sandbox start it: API server with the NIM Operator's
 * CRD validation, the fixture (demo by default), the operator / scheduler / kubelet / inference-server controllers
 * (each server with the engine model its pod asks for) and the GPU Operator's dcgm-exporter.
 */
export function startGpuLab(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    fixture: 'demo',
    validators: nimOperatorValidators('main'),
    seed: seedFixture,
    controllers: [gpuLabControllersPlugin],
    ...options,
  });
}
