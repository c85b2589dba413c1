import type { OffsetRange } from '../../manifest/manifestDocument.js';
import type { CommandToken } from '../../nimservice/commandLine.js';
import { isNimService } from '../../nimservice/nimServiceView.js';
import type { Rule, RuleContext } from '../rule.js';
import { isPodWorkload } from '../../workload/podTemplates.js';
import { servingContainers, type ServingContainer } from '../../workload/servingContainer.js';

/**
 * A rule about model-serving containers in any workload kind; `check` runs once per serving container.
 * NIMService is included only when `nimService` is true (several NIMService rules say the same in the
 * operator's own terms).
 */
export function servingContainerRule(definition: {
  id: string;
  codes?: readonly string[];
  description: string;
  nimService?: boolean;
  check(container: ServingContainer, context: RuleContext): void;
}): Rule {
  const applies = (document: Parameters<Rule['appliesTo']>[0]) => (isNimService(document) ? definition.nimService === true : isPodWorkload(document));
  return {
    id: definition.id,
    codes: definition.codes ?? [definition.id],
    description: definition.description,
    appliesTo: applies,
    check: (context) => {
      for (const container of servingContainers(context.document)) definition.check(container, context);
    },
  };
}

/** Where a command-line word is written (a shell script word maps to its whole script string). */
export function wordRange(container: ServingContainer, token: CommandToken | undefined): OffsetRange | undefined {
  return token?.path ? container.document.valueRange(token.path) : undefined;
}

/** The container's image, else its name, else its first key: where a finding about the whole container goes. */
export function containerRange(container: ServingContainer): OffsetRange {
  const d = container.document;
  return d.valueRange(container.paths.image) ?? d.valueRange([...container.paths.container, 'name']) ?? d.bestRange(container.paths.container);
}

/** What to call the server in messages. */
export function serverName(container: ServingContainer): string {
  switch (container.runtime) {
    case 'vllm': return 'vLLM';
    case 'vllm-omni': return 'vLLM-omni';
    case 'sglang': return 'SGLang';
    case 'tgi': return 'TGI';
    case 'nim': return 'The NIM';
    default: return 'The server';
  }
}
