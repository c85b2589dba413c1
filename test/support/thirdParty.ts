// Where the tests find the third-party data checked into the repository (provenance in its README).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** NVIDIA/k8s-nim-operator: CRDs and samples (Apache-2.0). */
export const nimOperatorDir = join(repoRoot, 'third_party', 'nim-operator');
/** The CRD folder scripts/gen-schema.mjs reads: main/ (the operator's main branch) and one folder per release tag. */
export const nimOperatorCrdDir = join(nimOperatorDir, 'crd');
/** The operator's main-branch CRDs (NIMService, NIMCache, NIMPipeline). */
export const nimOperatorMainCrdDir = join(nimOperatorCrdDir, 'main');
/** The operator's own sample manifests, flattened (upstream path with `/` → `__`; SOURCES.txt maps them). */
export const nimOperatorSamplesDir = join(nimOperatorDir, 'samples');
