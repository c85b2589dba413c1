/** Clients are given the `/v1` base (`http://host:8000/v1`); health routes such as `/health` live at the server root. */
export interface EndpointUrls {
  /** Server root without a trailing slash: `http://host:8000`. */
  root: string;
  /** The OpenAI-style base: `http://host:8000/v1`. */
  v1: string;
}

export function endpointUrls(baseUrl: string): EndpointUrls {
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  const rootPath = path.endsWith('/v1') ? path.slice(0, -3) : path;
  const origin = `${url.protocol}//${url.host}`;
  return { root: origin + rootPath, v1: `${origin}${rootPath}/v1` };
}

/** The same endpoint reached through another origin (a port-forward's local address), keeping the path. */
export function withOrigin(baseUrl: string, origin: string): string {
  const url = new URL(baseUrl);
  const target = new URL(origin);
  url.protocol = target.protocol;
  url.host = target.host;
  return url.toString().replace(/\/$/, '');
}
