/** Ids of the manifest editor's commands, apart from its code so that activation can register them without it. */
export const VALIDATE_WORKSPACE = 'inferenceEndpointStudio.validateWorkspace';
/** Runs after an edit fix is applied; the Get Started walkthrough completes its quick-fix step on it. */
export const QUICK_FIX_APPLIED = 'inferenceEndpointStudio.quickFixApplied';
/** Asks for the value a quick fix needs (e.g. the image tag to pin), then applies it. */
export const APPLY_FIX_WITH_INPUT = 'inferenceEndpointStudio.applyFixWithInput';
