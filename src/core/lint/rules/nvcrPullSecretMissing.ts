import { appendToSequence } from '../../yaml/edits.js';
import { isNvcrImage } from '../../nimservice/image.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule } from './nimServiceRule.js';

/** The name the image-edit recipe and our Secret template use for the nvcr.io docker-registry Secret. */
export const NVCR_PULL_SECRET = 'nvcr-pull-secret';

export const nvcrPullSecretMissing = nimServiceRule({
  id: 'nvcr-pull-secret-missing',
  description: 'nvcr.io images need spec.image.pullSecrets.',
  check(view, context) {
    const d = view.document;
    if (!view.repository || !isNvcrImage(view.repository)) return;
    const secrets = d.valueAt(NIM_PATHS.pullSecrets);
    if (secrets !== undefined && secrets !== null && !(Array.isArray(secrets) && secrets.length === 0)) return;
    const edits = appendToSequence(d, NIM_PATHS.pullSecrets, [NVCR_PULL_SECRET]);
    context.report({
      code: 'nvcr-pull-secret-missing',
      severity: 'error',
      message: `nvcr.io refuses anonymous pulls (ImagePullBackOff "unauthorized: authentication required"): add spec.image.pullSecrets: [${NVCR_PULL_SECRET}] (a docker-registry Secret for nvcr.io, user $oauthtoken).`,
      ...d.valueRange(NIM_PATHS.repository)!,
      fixes: edits ? [{ title: `Add image.pullSecrets: [${NVCR_PULL_SECRET}]`, edits, isPreferred: true }] : undefined,
    });
  },
});
