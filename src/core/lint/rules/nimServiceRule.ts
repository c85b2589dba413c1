import type { OffsetRange } from '../../manifest/manifestDocument.js';
import { isNimService, nimServiceView, type NimServiceView } from '../../nimservice/nimServiceView.js';
import type { CommandToken } from '../../nimservice/commandLine.js';
import type { Rule, RuleContext } from '../rule.js';

/** A rule about NIMService documents; `check` gets the shared reading of the spec. */
export function nimServiceRule(definition: {
  id: string;
  codes?: readonly string[];
  description: string;
  check(view: NimServiceView, context: RuleContext): void;
}): Rule {
  return {
    id: definition.id,
    codes: definition.codes ?? [definition.id],
    description: definition.description,
    appliesTo: isNimService,
    check: (context) => definition.check(nimServiceView(context.document), context),
  };
}

/** Where a command-line word is written (a shell script word maps to its whole script string). */
export function tokenRange(view: NimServiceView, token: CommandToken | undefined): OffsetRange | undefined {
  return token?.path ? view.document.valueRange(token.path) : undefined;
}

/** A token whose scalar can be replaced on its own. */
export function isEditable(token: CommandToken | undefined): token is CommandToken & { path: NonNullable<CommandToken['path']> } {
  return !!token?.path && !token.inScript;
}

/** Where to report "add something to the command line": `args`, else `command`, else the image. */
export function commandLineRange(view: NimServiceView): OffsetRange {
  const d = view.document;
  return d.keyRange(['spec', 'args']) ?? d.keyRange(['spec', 'command']) ?? d.valueRange(['spec', 'image', 'repository']) ?? d.bestRange(['spec']);
}

/** Case-insensitive glob (`*`, `?`) match, as the pinnedModels setting documents. */
export function globMatches(glob: string, text: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`, 'i').test(text);
}
