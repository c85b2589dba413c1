/** A mistake in how the CLI was called, or an input it cannot read: exit code 2 with a one-line message. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
