/** Where CLI commands write; replaced in tests to capture output without spawning a process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colours and progress only then). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines only then); absent = no. */
  errIsTTY?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  env: process.env,
};
