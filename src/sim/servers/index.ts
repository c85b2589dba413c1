export { startInferenceServer, INFERENCE_SERVER_KINDS } from './startInferenceServer';
export { startVllmOmniServer, DEFAULT_IMAGE_EDIT_MODEL } from './vllmOmniServer';
export { startVllmVlmServer, DEFAULT_VLM_MODEL } from './vllmVlmServer';
export { startNunchakuServer, DEFAULT_NUNCHAKU_MODEL } from './nunchakuServer';
export { startOmegaServer, DEFAULT_OMEGA_MODEL, type OmegaServerOptions } from './omegaServer';
export { startNimLlmServer, DEFAULT_NIM_MODEL } from './nimLlmServer';
export { FaultControl, FaultPatchError, type FaultPatch, type FaultSettings, type FailSpec } from './faults';
export { CONTROL_PATH } from './http/simServer';
export type { InferenceServerKind, InferenceServerOptions, RunningInferenceServer, TlsOptions, VllmErrorStyle, GenerationTiming } from './types';
