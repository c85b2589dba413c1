/** `--filter`: a plain substring (case-insensitive), or `/regex/flags`. */
export type LogFilter = (text: string) => boolean;

export function parseLogFilter(expression: string | undefined): LogFilter | undefined {
  if (!expression) return undefined;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(expression);
  if (regex) {
    const pattern = new RegExp(regex[1], regex[2].replace(/[gy]/g, ''));
    return (text) => pattern.test(text);
  }
  const needle = expression.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}
