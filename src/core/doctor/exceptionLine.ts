/**
 * Python exception lines ("OSError: [Errno 28] …", "huggingface_hub.errors.GatedRepoError: 401 …"),
 * behind whatever prefix vLLM puts in front ("(EngineCore_DP0 pid=7) ERROR 08-25 06:17:51 [core.py:1349] ").
 */
const EXCEPTION_LINE = /(?:^|[\s\]|])((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit))(?::\s|:?$)/;

/** The exception type named by a line, or undefined. */
export function exceptionType(line: string): string | undefined {
  if (!line.includes('Error') && !line.includes('Exception') && !line.includes('Exit')) return undefined;
  const match = EXCEPTION_LINE.exec(line);
  return match ? match[1].slice(match[1].lastIndexOf('.') + 1) : undefined;
}

export function startsTraceback(line: string): boolean {
  return line.includes('Traceback (most recent call last)');
}

const RAISE_STATEMENT = /(?:^|\s)raise\s+[\w.]+\(/;

/** A traceback's source line (`raise ValueError(f"No supported config format found in {model}")`), not the error itself. */
export function isRaiseStatement(line: string): boolean {
  return line.includes('raise') && RAISE_STATEMENT.test(line);
}
