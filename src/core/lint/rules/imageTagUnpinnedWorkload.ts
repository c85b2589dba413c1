import { IMAGE_TAG_PATTERN, TAG_PLACEHOLDER } from '../fixInput.js';
import { isFloatingTag } from '../../nimservice/image.js';
import { replaceScalar } from '../../yaml/edits.js';
import { podTemplates } from '../../workload/podTemplates.js';
import { servingContainerRule } from './servingContainerRule.js';

/** With more than one pod, a moving tag lets pods pulled at different times run different engine builds. */
export const imageTagUnpinnedWorkload = servingContainerRule({
  id: 'image-tag-unpinned-workload',
  codes: ['image-tag-unpinned'],
  description: 'A server image on more than one pod names a fixed release (not :latest, no tag, or another moving tag).',
  check(container, context) {
    const { document: d, image } = container;
    if (!image || image.digest) return;
    if (image.tag !== undefined && image.tag.trim() !== '' && !isFloatingTag(image.tag)) return;
    const pods = workloadPods(d);
    if (pods !== undefined && pods <= 1) return;
    const range = d.valueRange(container.paths.image);
    if (!range) return;
    const edits = replaceScalar(d, container.paths.image, `${image.repository}:${TAG_PLACEHOLDER}`);
    const tag = image.tag ? `:${image.tag}` : 'no tag (:latest)';
    const count = pods === undefined ? 'every node' : `${pods} pods`;
    context.report({
      code: 'image-tag-unpinned',
      severity: 'warning',
      message: `${image.repository} with ${tag} on ${count}: each pod pulls whatever the tag points to when it starts, so replicas run different engine builds after any release. Pin a release tag (or a digest).`,
      ...range,
      fixes: edits ? [{ title: 'Pin the image tag…', edits, isPreferred: true, input: { prompt: `Release of ${image.repository} to pin`, placeholder: TAG_PLACEHOLDER, pattern: IMAGE_TAG_PATTERN, example: 'v0.11.0' } }] : undefined,
    });
  },
});

/** Pods of the whole workload (LeaderWorkerSet: replicas × size); undefined when unbounded (DaemonSet) or not stated. */
function workloadPods(document: Parameters<typeof podTemplates>[0]): number | undefined {
  const templates = podTemplates(document).filter((t) => document.nodeAt([...t.podSpec, 'containers']) !== undefined);
  if (templates.some((t) => t.role === 'runtime')) return 1; // a ServingRuntime: the InferenceService says how many
  let total = 0;
  for (const t of templates) {
    if (t.pods === undefined) return undefined;
    total += t.pods;
  }
  return total;
}
