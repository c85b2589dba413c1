/** Ids of the manifest editor's commands, apart from its code so that activation can register them without it. */
export const VALIDATE_WORKSPACE = 'inferenceEndpointStudio.validateWorkspace';
/** Runs after an edit fix is applied; the Get Started walkthrough completes its quick-fix step on it. */
export const QUICK_FIX_APPLIED = 'inferenceEndpointStudio.quickFixApplied';
