import { IMAGE_TAG_PATTERN, TAG_PLACEHOLDER } from '../fixInput.js';
import { replaceScalar } from '../../yaml/edits.js';
import { isFloatingTag } from '../../nimservice/image.js';
import { NIM_PATHS } from '../../nimservice/nimServiceView.js';
import { nimServiceRule } from './nimServiceRule.js';

export const imageTagUnpinned = nimServiceRule({
  id: 'image-tag-unpinned',
  description: 'spec.image.tag must name a fixed release, not latest/empty/a moving tag.',
  check(view, context) {
    const d = view.document;
    const tag = d.valueAt(NIM_PATHS.tag);
    if (typeof tag !== 'string') return; // absent or mistyped: the schema rules report it
    if (tag.trim() !== '' && !isFloatingTag(tag)) return;
    const edits = replaceScalar(d, NIM_PATHS.tag, TAG_PLACEHOLDER);
    context.report({
      code: 'image-tag-unpinned',
      severity: 'warning',
      message: tag.trim() === ''
        ? 'Empty image tag: pin a release (e.g. "v0.20.0") so every restart runs the same build.'
        : `Image tag "${tag}" moves to new builds: pin a release (e.g. "v0.20.0") so a pod restart never pulls a different engine.`,
      ...d.valueRange(NIM_PATHS.tag)!,
      fixes: edits ? [{ title: 'Pin the image tag…', edits, isPreferred: true, input: { prompt: `Release of ${view.repository ?? 'the image'} to pin`, placeholder: TAG_PLACEHOLDER, pattern: IMAGE_TAG_PATTERN, example: 'v0.11.0' } }] : undefined,
    });
  },
});
