/**
 * A kubeconfig server URL fit to show: without user:password, and with a token carried in the path (the simulated
 * cluster's `/token/<token>`, some proxies' `/token=…`) masked. Anything that does not parse is shown as `?`.
 */
export function displayServer(server: string | undefined): string {
  if (!server) return '?';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return '?';
  }
  url.username = '';
  url.password = '';
  const segments = url.pathname.split('/');
  for (let i = 0; i < segments.length; i++) {
    if (/^token$/i.test(segments[i]) && i + 1 < segments.length && segments[i + 1]) segments[i + 1] = '***';
    segments[i] = segments[i].replace(/^(token=).+$/i, '$1***');
  }
  url.pathname = segments.join('/');
  return url.toString().replace(/\/$/, '');
}
