import type { Rule } from '../rule.js';
import { apiKeyHidesModel } from './apiKeyHidesModel.js';
import { gpuLimitMissing } from './gpuLimitMissing.js';
import { hfHomeOffPvc } from './hfHomeOffPvc.js';
import { hfTokenMissing } from './hfTokenMissing.js';
import { imageTagUnpinned } from './imageTagUnpinned.js';
import { modelFitsGpu, modelFitsGpuWorkload } from './modelFitsGpu.js';
import { nvcrPullSecretMissing } from './nvcrPullSecretMissing.js';
import { pinnedModel } from './pinnedModel.js';
import { portMismatch } from './portMismatch.js';
import { pvcNameOrCreate } from './pvcNameOrCreate.js';
import { replicasWithAutoscaling } from './replicasWithAutoscaling.js';
import { shmExceedsMemoryLimit } from './shmExceedsMemoryLimit.js';
import { shmMissing } from './shmMissing.js';
import { shmTooSmall } from './shmTooSmall.js';
import { storageExactlyOne } from './storageExactlyOne.js';
import { vllmDefaultProbes } from './vllmDefaultProbes.js';
import { vllmDeploymentEphemeral } from './vllmDeploymentEphemeral.js';
import { vllmOmniCommand } from './vllmOmniCommand.js';
import { gpuLimitMissingWorkload } from './gpuLimitMissingWorkload.js';
import { imageTagUnpinnedWorkload } from './imageTagUnpinnedWorkload.js';
import { parallelSizeGpus } from './parallelSizeGpus.js';
import { serverPortMismatch } from './serverPortMismatch.js';
import { shmMissingWorkload } from './shmMissingWorkload.js';
import { startupProbeMissing } from './startupProbeMissing.js';
import { nimCachePvcTooSmall } from './nimCachePvcTooSmall.js';
import { nimCacheProfileCodes } from './nimCacheProfileCodes.js';

/** Semantic rules (lessons from real deployments), one file each in this folder. */
export const semanticRules: readonly Rule[] = [
  storageExactlyOne,
  pvcNameOrCreate,
  replicasWithAutoscaling,
  shmMissing,
  shmTooSmall,
  shmExceedsMemoryLimit,
  vllmDefaultProbes,
  portMismatch,
  vllmOmniCommand,
  hfHomeOffPvc,
  hfTokenMissing,
  apiKeyHidesModel,
  gpuLimitMissing,
  imageTagUnpinned,
  nvcrPullSecretMissing,
  pinnedModel,
  vllmDeploymentEphemeral,
  modelFitsGpu,
  modelFitsGpuWorkload,
  // The serving container of any workload kind (Deployment, StatefulSet, Job, Pod, LeaderWorkerSet, KServe).
  parallelSizeGpus,
  serverPortMismatch,
  shmMissingWorkload,
  gpuLimitMissingWorkload,
  imageTagUnpinnedWorkload,
  startupProbeMissing,
  // NIMCache: its PVC against the model; a NIMService against the cache it mounts (checked across documents).
  nimCachePvcTooSmall,
  nimCacheProfileCodes,
];
