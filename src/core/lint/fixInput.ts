import type { QuickFix } from './diagnostic.js';

/** Placeholder for the image tag in a "pin the image tag" fix: a valid tag and plain YAML, so the fix guard can parse it. */
export const TAG_PLACEHOLDER = '__TAG__';

/** Docker's tag grammar. */
export const IMAGE_TAG_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$';

/** A fix that asks for a value, with the answer filled in; undefined when the answer is not valid. */
export function fixWithInput(fix: QuickFix, value: string): QuickFix | undefined {
  if (!fix.input) return fix;
  const answer = value.trim();
  if (!new RegExp(fix.input.pattern).test(answer)) return undefined;
  const { input, ...rest } = fix;
  return { ...rest, edits: fix.edits?.map((e) => ({ ...e, newText: e.newText.split(input.placeholder).join(answer) })) };
}

/** The message for an answer that does not fit, or undefined when it does (for input boxes). */
export function validateFixInput(fix: QuickFix, value: string): string | undefined {
  if (!fix.input || new RegExp(fix.input.pattern).test(value.trim())) return undefined;
  return `Not a valid value${fix.input.example ? ` (e.g. ${fix.input.example})` : ''}.`;
}
