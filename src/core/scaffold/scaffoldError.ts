/** A template or parameter problem, worded for the user (the CLI prints it as a usage error). */
export class ScaffoldError extends Error {
  constructor(message: string, readonly problems: readonly string[] = [message]) {
    super(message);
    this.name = 'ScaffoldError';
  }
}
